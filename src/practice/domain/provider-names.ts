/** A provider's first and last name, as rows that join providers carry them. */
export interface ProviderNames {
  first_name: string;
  last_name: string;
}

/** The display name used in lightweight references: "First Last". */
export function providerName(r: ProviderNames): string {
  return `${r.first_name} ${r.last_name}`;
}

/**
 * Orders providers known by id as every list of them is ordered: last name, then first name, both
 * case-insensitively, then id. `names` must hold every id compared.
 */
export function byProviderName(names: ReadonlyMap<string, ProviderNames>) {
  return (a: { providerId: string }, b: { providerId: string }): number => {
    const x = names.get(a.providerId)!;
    const y = names.get(b.providerId)!;
    return x.last_name.toLowerCase().localeCompare(y.last_name.toLowerCase())
      || x.first_name.toLowerCase().localeCompare(y.first_name.toLowerCase()) || (a.providerId < b.providerId ? -1 : 1);
  };
}
