// Record types shared by the phone, the sync protocol and the server. Declared by hand (not z.infer) so
// that code which only reads records never needs zod at run time; schemas.ts checks at compile time that
// its schemas produce exactly these shapes.
import type {
  BusinessKind,
  HelpTopic,
  Relation,
  Residency,
  Sex,
  SignatureStatus,
  SkillsStatus,
  SmartphoneStatus,
  VneidStatus,
} from './statuses';

/** Metadata every synced record carries (domain.md, "Field names"). */
export interface SyncMeta {
  id: string;
  villageId: string;
  /** Server-assigned; 0 for a record the server has never seen. */
  version: number;
  deleted: boolean;
  /** ISO timestamp of the last change. */
  updatedAt: string;
}

export interface HouseholdFields {
  address: string;
  headName: string;
  phone?: string;
  business: BusinessKind;
  acceptsCashless: boolean;
  consentGiven: boolean;
  /** YYYY-MM-DD */
  consentAt?: string;
  consentBy?: string;
  note?: string;
}

export interface PersonFields {
  householdId: string;
  fullName: string;
  birthYear: number;
  /** YYYY-MM-DD; its year equals birthYear */
  birthDate?: string;
  sex: Sex;
  relation: Relation;
  residency: Residency;
  vneid: VneidStatus;
  digitalSignature: SignatureStatus;
  healthBook: boolean;
  paymentAccount: boolean;
  usesCashless: boolean;
  smartphone: SmartphoneStatus;
  digitalSkills: SkillsStatus;
  onlinePublicServices: boolean;
}

export interface VisitFields {
  householdId: string;
  /** YYYY-MM-DD */
  visitedOn: string;
  personId?: string;
  note?: string;
  /** What was helped with during the visit (an extension of domain.md's visit; empty when not recorded). */
  helpedWith: HelpTopic[];
}

export type Household = SyncMeta & HouseholdFields;
export type Person = SyncMeta & PersonFields;
export type Visit = SyncMeta & VisitFields;

export interface Village {
  id: string;
  name: string;
  code?: string;
  /** Households the commune expects in the village: the denominator of household_coverage. */
  expectedHouseholds: number | null;
}

export type RecordOf<E extends 'household' | 'person' | 'visit'> = E extends 'household'
  ? Household
  : E extends 'person'
    ? Person
    : Visit;
