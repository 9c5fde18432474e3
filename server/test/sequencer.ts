import { readFile } from 'node:fs/promises';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (longest first by the last run's times, else largest file first), except that
 * the files that start child processes (the real `tsunagu` command, real servers) run first:
 * they are among the longest, mostly waiting on those processes, and a clean checkout (CI) has
 * no times from a last run, so by size they would start last and finish alone.
 */
export class ChildProcessesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const spawns = await Promise.all(
      sorted.map(async (f) => (await readFile(f.moduleId, 'utf8')).includes('/test/child-server.ts')),
    );
    return [...sorted.filter((_, i) => spawns[i]), ...sorted.filter((_, i) => !spawns[i])];
  }
}
