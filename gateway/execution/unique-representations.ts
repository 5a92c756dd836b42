type ResultMap = Record<string, unknown>;

/** Where the walk through one representation's fields stands: the fields that may come next, or its end. */
interface FieldStep {
  fields?: Map<string, ValueStep>;
  /** The index of the representation that ends here. */
  end?: number;
}

/** The values a field has had: scalars by themselves, objects and lists by their JSON text. */
interface ValueStep {
  scalars?: Map<unknown, FieldStep>;
  composites?: Map<string, FieldStep>;
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * A list of entity representations with each kept once: two are the same when their JSON texts are
 * (the same fields in the same order, the same values). Compared field by field through maps of the
 * values already seen, not by writing each one as JSON: a plan sends thousands of small
 * representations, and a `JSON.stringify` each cost more than the rest of merging them.
 */
export class UniqueRepresentations {
  readonly unique: ResultMap[] = [];
  private readonly root: FieldStep = {};

  /** The index in `unique` of `representation`, added at the end if not there yet. */
  indexOf(representation: ResultMap): number {
    let step = this.root;
    for (const name of Object.keys(representation)) {
      const value = representation[name];
      // JSON leaves such fields out, so two representations that differ only by them are the same.
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      step.fields ??= new Map();
      let values = step.fields.get(name);
      if (!values) step.fields.set(name, (values = {}));
      step = isScalar(value) ? nextOf((values.scalars ??= new Map<unknown, FieldStep>()), value) : nextOf((values.composites ??= new Map()), JSON.stringify(value));
    }
    if (step.end === undefined) {
      step.end = this.unique.length;
      this.unique.push(representation);
    }
    return step.end;
  }
}

function nextOf<K>(steps: Map<K, FieldStep>, key: K): FieldStep {
  let next = steps.get(key);
  if (!next) steps.set(key, (next = {}));
  return next;
}
