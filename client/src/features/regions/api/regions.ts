import type { CreateRegionBody, Region, RegionLevel, UpdateRegionBody } from '@tsunagu/contract';
import { regionLevels } from '@tsunagu/contract/enums';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const regionsQueryOptions = queryOptions({
  queryKey: ['regions'],
  queryFn: async ({ signal }) =>
    (await api.get<{ regions: Region[] }>('/api/regions', undefined, signal)).regions,
  staleTime: 5 * 60_000,
});

/** One node of the area tree, with its children in name order. */
export interface RegionNode extends Region {
  children: RegionNode[];
  depth: number;
}

/** Builds the tree from the flat list (parentId); orphans become roots so nothing is hidden. */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.id, { ...r, children: [], depth: 0 }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byName = (a: RegionNode, b: RegionNode) => (a.kana ?? a.name).localeCompare(b.kana ?? b.name, 'ja');
  const sortDeep = (list: RegionNode[], depth: number) => {
    list.sort(byName);
    for (const n of list) {
      n.depth = depth;
      sortDeep(n.children, depth + 1);
    }
  };
  sortDeep(roots, 0);
  return roots;
}

/** The tree in reading order, for selects and checklists. */
export function flattenRegionTree(roots: readonly RegionNode[]): RegionNode[] {
  const out: RegionNode[] = [];
  const walk = (list: readonly RegionNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}

/** The level a child of `level` must have (null under a daily-life area). */
export function childLevelOf(level: RegionLevel): RegionLevel | null {
  return regionLevels[regionLevels.indexOf(level) + 1] ?? null;
}

function useInvalidateRegions() {
  const queryClient = useQueryClient();
  // Organisations show the names of the areas they serve.
  return () =>
    queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] === 'regions' || q.queryKey[0] === 'organisations',
    });
}

export function useCreateRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: (body: CreateRegionBody) => api.post<Region>('/api/regions', body),
    onSuccess: invalidate,
  });
}

export function useUpdateRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateRegionBody }) =>
      api.patch<Region>(`/api/regions/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/api/regions/${id}`),
    onSuccess: invalidate,
  });
}
