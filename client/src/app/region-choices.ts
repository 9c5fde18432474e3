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

/**
 * The pickers of the person form: daily-life areas labelled with their municipality
 * ("中央地区（架空市）") and the municipalities, each in tree order.
 */
export function usePersonRegionChoices(): {
  areas: { id: string; label: string; municipalityId: string | null }[];
  municipalities: { id: string; label: string }[];
  isPending: boolean;
  error: unknown;
} {
  const { t } = useTranslation();
  const regions = useQuery(regionsQueryOptions);
  return useMemo(() => {
    const ordered = flattenRegionTree(buildRegionTree(regions.data ?? []));
    const byId = new Map(ordered.map((r) => [r.id, r]));
    return {
      areas: ordered
        .filter((r) => r.level === 'daily_life_area')
        .map((r) => {
          const parent = r.parentId ? byId.get(r.parentId) : undefined;
          const municipality = parent?.level === 'municipality' ? parent : undefined;
          return {
            id: r.id,
            label: municipality ? r.name + t('common.paren', { text: municipality.name }) : r.name,
            municipalityId: municipality?.id ?? null,
          };
        }),
      municipalities: ordered
        .filter((r) => r.level === 'municipality')
        .map((r) => ({ id: r.id, label: r.name })),
      isPending: regions.isPending,
      error: regions.error,
    };
  }, [regions.data, regions.isPending, regions.error, t]);
}
