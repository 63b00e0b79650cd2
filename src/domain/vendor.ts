/** The vendors behind the gateway, spelled as the GraphQL `Vendor` enum spells them. */
export const vendors = ['BLAND', 'BOLNA'] as const;

export type Vendor = (typeof vendors)[number];

/** How each vendor is named in messages meant for people. */
export const vendorDisplayNames = { BLAND: 'Bland', BOLNA: 'Bolna' } as const satisfies Record<
  Vendor,
  string
>;
