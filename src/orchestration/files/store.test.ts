import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/context.ts';
import { openPopulationTest, type PopulationTest } from '../activities/population.testing.ts';
import { deleteFile, getFile, MAX_FILE_BYTES, storeUploadedFile } from './store.ts';

let t: PopulationTest;
beforeAll(async () => {
  t = await openPopulationTest();
});
afterAll(() => t.close());

function upload(name: string, stream: Readable) {
  return storeUploadedFile(
    { pool: t.pool, clock: t.clock },
    { sandboxId: t.sandboxId, actor: SYSTEM_ACTOR, name, stream },
  );
}

async function tableCount(): Promise<number> {
  const result = await t.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'clarion_work' AND tablename LIKE 'file\\_%'`,
  );
  return Number(result.rows[0]!.n);
}

describe('orchestrated files', () => {
  it('streams a CSV into a table of text columns keyed by record number', async () => {
    const text =
      '\ufeffemail, Age ,note\r\n' +
      'a@x.test,41,"said ""hi"""\r\n' +
      '\r\n' +
      'b@x.test,,"two\nlines"\r\n' +
      'c@x.test,7\r\n';
    const file = await upload('  people.csv ', Readable.from([Buffer.from(text)]));
    expect(file).toEqual({
      id: expect.any(String) as string,
      name: 'people.csv',
      sizeBytes: Buffer.byteLength(text),
      lineCount: 3,
      headers: ['email', 'Age', 'note'],
    });
    const stored = await getFile(t.pool, { sandboxId: t.sandboxId, fileId: file.id });
    expect(stored).toMatchObject({ ...file, createdBy: 'system' });
    const rows = await t.pool.query(
      `SELECT * FROM clarion_work."${stored.tableName}" ORDER BY line_no`,
    );
    expect(rows.rows).toEqual([
      { line_no: 2, c1: 'a@x.test', c2: '41', c3: 'said "hi"' },
      { line_no: 3, c1: 'b@x.test', c2: '', c3: 'two\nlines' },
      { line_no: 4, c1: 'c@x.test', c2: '7', c3: null },
    ]);

    await deleteFile(t, { sandboxId: t.sandboxId, fileId: file.id });
    await expect(
      getFile(t.pool, { sandboxId: t.sandboxId, fileId: file.id }),
    ).rejects.toMatchObject({ code: 'ORCHESTRATED_FILE_NOT_FOUND' });
    const gone = await t.pool.query(`SELECT to_regclass($1) AS t`, [
      `clarion_work.${stored.tableName}`,
    ]);
    expect(gone.rows[0]).toEqual({ t: null });
  });

  it('refuses a file over 50 MB and keeps nothing of it', async () => {
    const before = await tableCount();
    const line = 'x'.repeat(1024 * 1024 - 1) + '\n';
    async function* big() {
      yield Buffer.from('value\n');
      for (let i = 0; i <= MAX_FILE_BYTES / line.length; i++) yield Buffer.from(line);
    }
    await expect(upload('big.csv', Readable.from(big()))).rejects.toMatchObject({
      code: 'ORCHESTRATED_FILE_TOO_LARGE',
    });
    expect(await tableCount()).toBe(before);
    const files = await t.pool.query(
      `SELECT count(*)::int AS n FROM orchestrated_files WHERE name = 'big.csv'`,
    );
    expect(files.rows[0]).toEqual({ n: 0 });
  });

  it('refuses an empty file and broken quoting, naming the problem', async () => {
    await expect(upload('empty.csv', Readable.from([Buffer.from('')]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The file is empty: it needs a header line.',
    });
    const broken = 'a,b\n1,"open\n2,3\n';
    await expect(upload('broken.csv', Readable.from([Buffer.from(broken)]))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      deleteFile(t, { sandboxId: t.sandboxId, fileId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: 'ORCHESTRATED_FILE_NOT_FOUND' });
  });
});
