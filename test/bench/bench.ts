/** Prints figures in api.md's format: `bench SCENARIO.FIGURE: VALUE UNIT` and `ratio SCENARIO.FIGURE: VALUE`. */
export class Bench {
  constructor(readonly scenario: string) {}

  figure(name: string, value: number, unit: string): void {
    console.log(`bench ${this.scenario}.${name}: ${round(value)} ${unit}`);
  }

  /** Ours over the baseline's, both measured in this run. */
  ratio(name: string, ours: number, baseline: number): void {
    console.log(`ratio ${this.scenario}.${name}: ${round(ours / baseline)}`);
  }
}

function round(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
