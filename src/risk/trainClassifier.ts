import { type FeatureConfig, featureScale } from "./features.js";
import { softmax3 } from "./linearClassifier.js";

/** One training example: its features and its class index (0 urgent, 1 scam, 2 none). */
export interface TrainingExample {
  features: ReadonlySet<string>;
  label: 0 | 1 | 2;
}

/** Settings of one training run; every run with the same examples and settings gives the same weights. */
export interface TrainingSettings {
  /** A feature must occur in at least this many training messages to get a weight. */
  minDocs: number;
  /** L2 penalty per weight, relative to the (class-weighted) mean loss. */
  l2: number;
  /** Full-batch Adam steps. */
  iterations: number;
  learningRate: number;
}

export const DEFAULT_TRAINING: TrainingSettings = {
  minDocs: 2,
  l2: 1e-4,
  iterations: 300,
  learningRate: 0.05,
};

/** Trained weights, before rounding and pruning for the data file. */
export interface TrainedWeights {
  vocabulary: string[];
  /** vocabulary.length × 3, row-major. */
  weights: Float64Array;
  bias: [number, number, number];
}

/**
 * Multinomial logistic regression over binary features scaled to unit length, trained by
 * full-batch Adam on class-balanced cross-entropy with an L2 penalty. Full batch and a fixed
 * feature order make it deterministic: no random numbers are drawn at all.
 *
 * Why this and not a library or a neural network: a few thousand short messages, tens of
 * thousands of sparse features, three classes. A linear model is the strongest simple
 * choice for that, trains in seconds on two cores, and its weights are a readable data file
 * (`flows/risk/classifier.json`) an operator ships with the lexicon.
 */
export function trainClassifier(
  examples: readonly TrainingExample[],
  settings: TrainingSettings = DEFAULT_TRAINING,
  features: Pick<FeatureConfig, "minCount"> = { minCount: 1 },
): TrainedWeights {
  const docs = new Map<string, number>();
  for (const example of examples) for (const f of example.features) docs.set(f, (docs.get(f) ?? 0) + 1);
  const vocabulary = [...docs.entries()]
    .filter(([, n]) => n >= settings.minDocs)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));

  const rows = examples.map((example) => {
    const ids = [...example.features].map((f) => index.get(f)).filter((i): i is number => i !== undefined);
    return {
      ids: Int32Array.from(ids),
      scale: featureScale(example.features.size, features),
      label: example.label,
    };
  });

  // Balanced classes: each class weighs as much in the loss, whatever its size.
  const perClass = [0, 0, 0];
  for (const row of rows) perClass[row.label]! += 1;
  const classWeight = perClass.map((n) => (n === 0 ? 0 : rows.length / (3 * n)));

  const size = vocabulary.length * 3;
  const w = new Float64Array(size);
  const bias: [number, number, number] = [0, 0, 0];
  const m = new Float64Array(size + 3);
  const v = new Float64Array(size + 3);
  const grad = new Float64Array(size + 3);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;

  for (let t = 1; t <= settings.iterations; t++) {
    grad.fill(0);
    for (const row of rows) {
      const s: [number, number, number] = [bias[0], bias[1], bias[2]];
      for (const id of row.ids) {
        s[0] += w[id * 3]! * row.scale;
        s[1] += w[id * 3 + 1]! * row.scale;
        s[2] += w[id * 3 + 2]! * row.scale;
      }
      const p = softmax3(s);
      const cw = classWeight[row.label]! / rows.length;
      for (let k = 0; k < 3; k++) {
        const d = (p[k]! - (k === row.label ? 1 : 0)) * cw;
        grad[size + k]! += d;
        if (d === 0) continue;
        for (const id of row.ids) grad[id * 3 + k]! += d * row.scale;
      }
    }
    for (let i = 0; i < size; i++) grad[i]! += settings.l2 * w[i]!;
    const lr = (settings.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    for (let i = 0; i < size + 3; i++) {
      const g = grad[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      const delta = (lr * m[i]!) / (Math.sqrt(v[i]!) + eps);
      if (i < size) w[i]! -= delta;
      else bias[i - size]! -= delta;
    }
  }
  return { vocabulary, weights: w, bias };
}

/**
 * The data-file form of trained weights: rounded to 4 decimals, features whose three
 * weights all round to less than `minWeight` dropped (they change no decision).
 */
export function compactWeights(
  trained: TrainedWeights,
  minWeight = 0.002,
): { bias: [number, number, number]; weights: Record<string, [number, number, number]> } {
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const weights: Record<string, [number, number, number]> = {};
  trained.vocabulary.forEach((feature, i) => {
    const row: [number, number, number] = [
      round(trained.weights[i * 3]!),
      round(trained.weights[i * 3 + 1]!),
      round(trained.weights[i * 3 + 2]!),
    ];
    if (Math.max(Math.abs(row[0]), Math.abs(row[1]), Math.abs(row[2])) >= minWeight) weights[feature] = row;
  });
  return { bias: trained.bias.map(round) as [number, number, number], weights };
}
