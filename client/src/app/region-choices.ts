import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildRegionTree, flattenRegionTree, regionsQueryOptions } from '../features/regions/api/regions.ts';
import type { RegionChoice } from '../features/organisations/components/region-choices.ts';

/** The areas as the organisation screens show them (tree order, indented, with level names). */
export function useRegionChoices(): {
  choices: RegionChoice[];
  byId: Map<string, RegionChoice>;
  isPending: boolean;
} {
  const { t } = useTranslation();
  const regions = useQuery(regionsQueryOptions);
  return useMemo(() => {
    const choices = flattenRegionTree(buildRegionTree(regions.data ?? [])).map((r) => ({
      id: r.id,
      name: r.name,
      depth: r.depth,
      levelLabel: t(`enums.regionLevel.${r.level}`),
    }));
    return { choices, byId: new Map(choices.map((c) => [c.id, c])), isPending: regions.isPending };
  }, [regions.data, regions.isPending, t]);
}
