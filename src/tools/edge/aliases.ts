/**
 * Variant aliases and the variant param (docs/edge-api.md §5): `cs_personalize_<exp>_<variant>` and the
 * comma-joined `<exp>_<variant>` pairs of the `personalize_variants` URL parameter. Short uids never hold
 * `_`, so an alias splits on it; the literal `null` as variant means no variant.
 */
export const ALIAS_PREFIX = 'cs_personalize_';

export interface Pair {
  experienceShortUid: string;
  variantShortUid: string | null;
}

export function aliasOf(experienceShortUid: string, variantShortUid: string): string {
  return `${ALIAS_PREFIX}${experienceShortUid}_${variantShortUid}`;
}

/** The pair an alias names, or undefined when it is not an alias. */
export function parseAlias(alias: string): Pair | undefined {
  const parts = alias.trim().split('_');
  if (parts.length !== 4 || `${parts[0]}_${parts[1]}_` !== ALIAS_PREFIX || !parts[2] || !parts[3]) return undefined;
  return { experienceShortUid: parts[2], variantShortUid: parts[3] === 'null' ? null : parts[3] };
}

/** The `personalize_variants` value: pairs with a variant, in manifest order (null ones dropped, as SDK 1.0.27 does). */
export function variantParam(pairs: Pair[]): string {
  return pairs
    .filter((p) => p.variantShortUid !== null)
    .map((p) => `${p.experienceShortUid}_${p.variantShortUid}`)
    .join(',');
}
