import { cycle } from "./cycle.js";
import { danglingRef } from "./dangling-ref.js";
import { duplicateId } from "./duplicate-id.js";
import { idFilename } from "./id-filename.js";
import { kindFolder } from "./kind-folder.js";
import { refKind } from "./ref-kind.js";
import { retiredInUse } from "./retired-in-use.js";
import type { Rule } from "./rule.js";
import { slaReviewDue } from "./sla-review-due.js";
import { unknownTemplate } from "./unknown-template.js";
import { windowOrder } from "./window-order.js";

/** Every rule, sorted by code. A rule's file is named by its code. */
export const RULES: readonly Rule[] = [
  cycle,
  danglingRef,
  duplicateId,
  idFilename,
  kindFolder,
  refKind,
  retiredInUse,
  slaReviewDue,
  unknownTemplate,
  windowOrder,
];
