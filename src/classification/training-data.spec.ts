import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEPARTMENTS } from '../departments/default-departments.js';
import { INTENTS } from './classification.types.js';
import {
  loadHeldOutExamples,
  loadSecondLabels,
  loadTrainingExamples,
  readExamples,
} from './training-data.js';

const LINE = JSON.stringify({
  text: 'nid de poule sur la D960',
  platform: 'facebook',
  department: 'routes',
  intent: 'report',
  sentiment: 'negative',
  toxic: false,
  language: 'fr',
});

describe('the shipped data files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'training-data-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads labelled lines, skipping blank ones', () => {
    const file = join(dir, 'good.jsonl');
    writeFileSync(file, `${LINE}\n\n${LINE}\n`);
    expect(readExamples(file).map((example) => example.department)).toEqual(['routes', 'routes']);
  });

  it('names the file and line of a line that is not JSON', () => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, `${LINE}\n{"text": "coupé\n`);
    expect(() => readExamples(file)).toThrow(`${file}:2: not JSON`);
  });

  it('names the file and line of a line without valid labels', () => {
    const file = join(dir, 'unlabelled.jsonl');
    writeFileSync(file, `${LINE.replace('"report"', '"complaint"')}\n`);
    expect(() => readExamples(file)).toThrow(`${file}:1: not a labelled example`);
  });

  it('loads every train/*.jsonl file in name order', () => {
    const data = join(dir, 'data');
    mkdirSync(join(data, 'train'), { recursive: true });
    writeFileSync(join(data, 'train', 'b.jsonl'), `${LINE.replace('D960', 'D961')}\n`);
    writeFileSync(join(data, 'train', 'a.jsonl'), `${LINE}\n`);
    writeFileSync(join(data, 'train', 'notes.md'), 'not data');
    expect(loadTrainingExamples(data).map((example) => example.text)).toEqual([
      'nid de poule sur la D960',
      'nid de poule sur la D961',
    ]);
  });

  it("holds a second labeller's labels for every held-out line, in order, with the taxonomy's codes", () => {
    const codes = DEFAULT_DEPARTMENTS.map((department) => department.code);
    const second = loadSecondLabels();
    expect(second).toHaveLength(loadHeldOutExamples().length);
    second.forEach((label, i) => {
      expect(label.id).toBe(i);
      expect(INTENTS).toContain(label.intent);
      expect(label.intent === 'spam' ? label.department === null : codes.includes(label.department!)).toBe(
        true,
      );
    });
  });
});
