// Experiment statistics (SPEC C7): each treatment's conversion rate on the success metric, its
// lift over the control (the first treatment) and the confidence of a two-sided two-proportion
// z-test against it. Pure, so the console can compute the same from a report it holds.
import type { ExperimentMetricName, ExperimentResult, ExperimentRow } from './model.ts';

/** The least confidence at which a difference is called significant. */
export const SIGNIFICANCE = 0.95;

export interface ExperimentInput {
  key: string;
  sent: number;
  uniqueOpens: number;
  uniqueClicks: number;
}

/** erfc(x), fractional error below 1.2e-7 (Chebyshev fit; Numerical Recipes §6.2). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const count = (value: number) => (Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0);

/**
 * 1 − p of the two-sided test that two conversion rates differ. No evidence (0) when either side
 * sent nothing or when every message, or none, converted on both sides.
 */
export function twoProportionConfidence(
  control: { sent: number; conversions: number },
  other: { sent: number; conversions: number },
): number {
  const n1 = control.sent;
  const n2 = other.sent;
  if (n1 === 0 || n2 === 0) return 0;
  const pooled = (control.conversions + other.conversions) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 0;
  const z = (other.conversions / n2 - control.conversions / n1) / se;
  return clamp01(1 - erfc(Math.abs(z) / Math.SQRT2));
}

export function experimentResult(
  treatments: readonly ExperimentInput[],
  metric: ExperimentMetricName,
): ExperimentResult {
  const measured = treatments.map((t) => {
    const sent = count(t.sent);
    const converted = count(metric === 'opens' ? t.uniqueOpens : t.uniqueClicks);
    const conversions = Math.min(converted, sent);
    return { key: t.key, sent, conversions, rate: sent === 0 ? 0 : conversions / sent };
  });
  const control = measured[0];
  if (!control) return { metric, rows: [], winner: null };
  const rows: ExperimentRow[] = measured.map((m, index) =>
    index === 0
      ? { ...m, lift: null, confidence: null }
      : {
          ...m,
          lift: control.rate === 0 ? null : (m.rate - control.rate) / control.rate,
          confidence: twoProportionConfidence(control, m),
        },
  );
  const others = rows.slice(1);
  const significant = (row: ExperimentRow) => (row.confidence ?? 0) >= SIGNIFICANCE;
  let best: ExperimentRow | undefined;
  for (const row of others)
    if (row.rate > control.rate && significant(row) && (!best || row.rate > best.rate)) best = row;
  if (best) return { metric, rows, winner: best.key };
  const controlWins =
    others.length > 0 && others.every((row) => row.rate < control.rate && significant(row));
  return { metric, rows, winner: controlWins ? control.key : null };
}
