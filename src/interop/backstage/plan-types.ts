/** What an import would write and what it could not map: the planner's result, pure data. */

export type ImportedKind = "Team" | "Service" | "CI";

export interface PlannedRecord {
  kind: ImportedKind;
  id: string;
  ref: string;
  /** The whole gitsm record. */
  data: {
    apiVersion: "gitsm/v1";
    kind: ImportedKind;
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
  };
  /** The entity it comes from, `kind:namespace/name`, and where it is. */
  from: string;
  fromFile?: string;
  fromLine?: number;
}

/** Something in the input that no record carries: an entity, one reference of an entity, or a document. */
export interface Unmapped {
  file: string;
  line: number;
  entity?: string;
  /** For a reference: the field that holds it, e.g. spec.dependsOn. */
  field?: string;
  reason: string;
}

/** An entity that is carried, and where to. */
export interface Mapped {
  entity: string;
  file: string;
  line: number;
  to: string[];
}

export interface ImportWarning {
  entity: string;
  file: string;
  line: number;
  message: string;
}

/** A team import writes with its members left to fill in: an owner no input file defines, or a Group with no members. */
export interface FillIn {
  ref: string;
  /** Where the record goes, under the records root. */
  file: string;
  /** The owner or Group it stands for. */
  from: string;
  reason: string;
}

export interface ImportPlan {
  records: PlannedRecord[];
  mapped: Mapped[];
  unmapped: Unmapped[];
  warnings: ImportWarning[];
  /** Teams written with no members yet: validate names each until its members are added. */
  fillIn: FillIn[];
}

/** Records already under the root that an import may point at: by the entity they came from, and by ref. */
export interface ExistingRecords {
  byEntity: Map<string, string>;
  refs: Set<string>;
}

/** The label an imported record keeps its source entity in. */
export const SOURCE_LABEL = "backstage-entity";
