// One figure of `npm run bench`: what was measured, its value and unit, and, where there is one, the baseline it
// is compared with (ratio = value / baseline) and the goal it must meet, in words.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  goal?: string;
}
