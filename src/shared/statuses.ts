// The value sets of ../shared/domain.md, as plain constant arrays. They live apart from the zod schemas
// so that the app shell (household list) can use them without pulling zod into the initial bundle.

export const VNEID_STATUSES = ['none', 'no_id_card', 'level1', 'level2_pending', 'level2', 'locked'] as const;
export const SIGNATURE_STATUSES = ['none', 'remote', 'usb_token', 'sim', 'vneid', 'expired'] as const;
export const SMARTPHONE_STATUSES = ['own', 'shared', 'basic_phone', 'none'] as const;
export const SKILLS_STATUSES = ['none', 'attended', 'enrolled', 'certified'] as const;
export const RESIDENCIES = ['permanent', 'temporary', 'absent', 'moved', 'deceased'] as const;
export const SEXES = ['male', 'female'] as const;
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export const BUSINESS_KINDS = ['none', 'retail', 'other'] as const;

/** Residencies whose people are counted by every indicator (domain.md, "Counted persons"). */
export const COUNTED_RESIDENCIES: readonly Residency[] = ['permanent', 'temporary', 'absent'];

export type VneidStatus = (typeof VNEID_STATUSES)[number];
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];
export type SmartphoneStatus = (typeof SMARTPHONE_STATUSES)[number];
export type SkillsStatus = (typeof SKILLS_STATUSES)[number];
export type Residency = (typeof RESIDENCIES)[number];
export type Sex = (typeof SEXES)[number];
export type Relation = (typeof RELATIONS)[number];
export type BusinessKind = (typeof BUSINESS_KINDS)[number];

/** The statuses of someone who has none of the digital-citizen things yet: a new member starts here. */
export const NO_STATUSES = {
  vneid: 'none',
  digitalSignature: 'none',
  healthBook: false,
  paymentAccount: false,
  usesCashless: false,
  smartphone: 'none',
  digitalSkills: 'none',
  onlinePublicServices: false,
} as const;

/** The synced entities of sync protocol v1. */
export const ENTITIES = ['household', 'person', 'visit'] as const;
export type Entity = (typeof ENTITIES)[number];

/**
 * Things a team member can help a resident with during a visit. A visit records which of them were
 * done ("what was helped"), so the village head can see the work, not only the gaps.
 */
export const HELP_TOPICS = [
  'vneid',
  'digitalSignature',
  'healthBook',
  'paymentAccount',
  'smartphone',
  'digitalSkills',
  'onlinePublicServices',
  'cashless',
] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];
