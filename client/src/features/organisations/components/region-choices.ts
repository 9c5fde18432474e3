/** An area as pickers show it: indented by its depth in the tree. Built by the page from the areas feature. */
export interface RegionChoice {
  id: string;
  name: string;
  levelLabel: string;
  depth: number;
}
