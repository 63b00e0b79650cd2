/** The vendors behind the gateway, spelled as the GraphQL `Vendor` enum spells them. */
export type Vendor = 'BLAND' | 'BOLNA';

/** How each vendor is named in messages meant for people. */
export const vendorDisplayNames: Record<Vendor, string> = { BLAND: 'Bland', BOLNA: 'Bolna' };
