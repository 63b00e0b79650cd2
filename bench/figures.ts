/**
 * The arithmetic of the report: medians over rounds, ratios of medians, and the round-by-round
 * ratios of a gateway variant to the plain gateway measured in the same round.
 */
import { type Figures, type SeriesKey, type SeriesRun, seriesKeys } from './series.js';

export const figureKeys = ['rps', 'p50Ms', 'p99Ms', 'peakRssBytes', 'cpuUsPerRequest', 'readyMs'] as const;
export type FigureKey = (typeof figureKeys)[number];

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1
    ? (finite[middle] as number)
    : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
}

export const ratio = (a: number, b: number): number =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;

/** Each series' median of each figure over its rounds. */
export function medians(runs: readonly SeriesRun[]): Record<SeriesKey, Figures> {
  const of = (key: SeriesKey): Figures => {
    const mine = runs.filter((run) => run.series === key);
    const figures = {} as Figures;
    for (const figure of figureKeys) figures[figure] = median(mine.map((run) => run.figures[figure]));
    return figures;
  };
  return Object.fromEntries(seriesKeys.map((key) => [key, of(key)])) as Record<SeriesKey, Figures>;
}

/** A variant's ratios to its baseline, one per round in which both were measured. */
export interface PairedRatios {
  /** By round, in order; NaN where either run has no figure. */
  perRound: number[];
  median: number;
  min: number;
  max: number;
}

/**
 * `value(variant) ÷ value(baseline)` in each round: both ran minutes apart at most, so a round the
 * machine slowed slows both, and the ratio keeps what the variant itself costs.
 */
export function pairedRatios(
  runs: readonly SeriesRun[],
  variant: SeriesKey,
  baseline: SeriesKey,
  value: (run: SeriesRun) => number,
): PairedRatios {
  const rounds = [...new Set(runs.map((run) => run.round))].sort((a, b) => a - b);
  const perRound = rounds.map((round) => {
    const of = (key: SeriesKey) => runs.find((run) => run.series === key && run.round === round);
    const a = of(variant);
    const b = of(baseline);
    return a && b && !a.failure && !b.failure ? ratio(value(a), value(b)) : Number.NaN;
  });
  const finite = perRound.filter(Number.isFinite);
  return {
    perRound,
    median: median(finite),
    min: finite.length > 0 ? Math.min(...finite) : Number.NaN,
    max: finite.length > 0 ? Math.max(...finite) : Number.NaN,
  };
}
