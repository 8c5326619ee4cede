import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

/** A writer that records its batches and lets the test decide when each one commits. */
function writer(fail: (items: number[]) => boolean = () => false) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve, reject) =>
      pending.push(() =>
        fail(items) ? reject(new Error(`failed ${items.join(',')}`)) : resolve(items.map((i) => i * 10)),
      ),
    );
  };
  /** Commits every write started so far, and those they lead to, until nothing is left. */
  const commitAll = async () => {
    for (let round = 0; round < 20; round++) {
      await tick();
      pending.splice(0).forEach((commit) => commit());
    }
  };
  return { batches, pending, write, commitAll };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes the items of one turn together and answers each caller with its own result', async () => {
    const w = writer();
    const group = new GroupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    const results = Promise.all([1, 2, 3].map((i) => group.submit(i)));
    await w.commitAll();
    expect(await results).toEqual([10, 20, 30]);
    expect(w.batches).toEqual([[1, 2, 3]]);
  });

  it('settles nobody before the commit', async () => {
    const w = writer();
    const group = new GroupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    let settled = false;
    void group.submit(1).then(() => (settled = true));
    await tick();
    await tick();
    expect(w.pending).toHaveLength(1);
    expect(settled).toBe(false);
    await w.commitAll();
    expect(settled).toBe(true);
  });

  it('gathers items arriving during a commit into the next batch', async () => {
    const w = writer();
    const group = new GroupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    const first = group.submit(1);
    await tick();
    const later = [2, 3, 4].map((i) => group.submit(i));
    await tick();
    expect(w.batches).toEqual([[1]]);
    await w.commitAll();
    await Promise.all([first, ...later]);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps batches and runs up to maxInFlight at once', async () => {
    const w = writer();
    const group = new GroupCommit(w.write, { maxBatch: 2, maxInFlight: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map((i) => group.submit(i)));
    await tick();
    expect(w.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await w.commitAll();
    await all;
    expect(w.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('retries a failed batch item by item: only the bad item fails', async () => {
    const w = writer((items) => items.includes(2));
    const group = new GroupCommit(w.write, { maxBatch: 100, maxInFlight: 1 });
    const results = [1, 2, 3].map((i) => group.submit(i).then(String, (error: Error) => error.message));
    await w.commitAll();
    expect(await Promise.all(results)).toEqual(['10', 'failed 2', '30']);
    expect(w.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
