import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { childLevelOf, type RegionNode } from '../api/regions.ts';

interface TreeProps {
  roots: readonly RegionNode[];
  canManage: boolean;
  onAddChild: (parent: RegionNode) => void;
  onEdit: (region: RegionNode) => void;
  onDelete: (region: RegionNode) => void;
  /** The organisations whose hours define on-call need (municipalities and 日常生活圏域). */
  onCoverage: (region: RegionNode) => void;
}

function Node({ node, ...props }: Omit<TreeProps, 'roots'> & { node: RegionNode }) {
  const { t } = useTranslation();
  const childLevel = childLevelOf(node.level);
  return (
    <li className={`region-tree__item region-tree__item--${node.level}`}>
      <div className="region-tree__row">
        <div className="region-tree__label">
          <span className="region-tree__level">{t(`enums.regionLevel.${node.level}`)}</span>
          <span className="region-tree__name">{node.name}</span>
          {node.kana ? (
            <span className="region-tree__kana">{t('common.paren', { text: node.kana })}</span>
          ) : null}
          {node.code ? (
            <span className="region-tree__code">
              {t('regions.codeShort')} <span className="mono">{node.code}</span>
            </span>
          ) : null}
          {node.centreLatitude !== null && node.centreLongitude !== null ? (
            <span className="region-tree__code">
              {t('regions.centreValue', { latitude: node.centreLatitude, longitude: node.centreLongitude })}
            </span>
          ) : null}
        </div>
        {props.canManage ? (
          <div
            className="region-tree__actions"
            role="group"
            aria-label={t('regions.actionsFor', { name: node.name })}
          >
            {childLevel ? (
              <Button
                small
                onClick={() => props.onAddChild(node)}
                aria-label={`${t('regions.addChild')}: ${t('regions.addChildTo', { name: node.name, level: t(`enums.regionLevel.${childLevel}`) })}`}
              >
                {t('regions.addChild')}
              </Button>
            ) : null}
            {node.level === 'municipality' || node.level === 'daily_life_area' ? (
              <Button
                small
                onClick={() => props.onCoverage(node)}
                aria-label={t('onCall.definers.openFor', { name: node.name })}
              >
                {t('onCall.definers.open')}
              </Button>
            ) : null}
            <Button small onClick={() => props.onEdit(node)} aria-label={`${t('common.edit')}: ${node.name}`}>
              {t('common.edit')}
            </Button>
            <Button
              small
              variant="danger"
              onClick={() => props.onDelete(node)}
              aria-label={`${t('common.delete')}: ${node.name}`}
            >
              {t('common.delete')}
            </Button>
          </div>
        ) : null}
      </div>
      {node.children.length ? (
        <ul className="region-tree__children">
          {node.children.map((child) => (
            <Node key={child.id} node={child} {...props} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The area tree, each level indented under the one that contains it. */
export function RegionTree({ roots, ...props }: TreeProps) {
  return (
    <ul className="region-tree">
      {roots.map((node) => (
        <Node key={node.id} node={node} {...props} />
      ))}
    </ul>
  );
}
