import { assetDisposal } from "./asset-disposal.js";
import { changePlans } from "./change-plans.js";
import { continuityBackup } from "./continuity-backup.js";
import { continuityMissing } from "./continuity-missing.js";
import { continuityObjective } from "./continuity-objective.js";
import { continuityTest } from "./continuity-test.js";
import { continuityTolerance } from "./continuity-tolerance.js";
import { cycle } from "./cycle.js";
import { danglingRef } from "./dangling-ref.js";
import { deployOutsideWindow } from "./deploy-outside-window.js";
import { duplicateId } from "./duplicate-id.js";
import { freezeSchedule } from "./freeze-schedule.js";
import { idFilename } from "./id-filename.js";
import { improvementOverdue } from "./improvement-overdue.js";
import { incidentCauseUnreviewed } from "./incident-cause-unreviewed.js";
import { incidentPriorityRule } from "./incident-priority.js";
import { incidentTimeOrder } from "./incident-time-order.js";
import { kindFolder } from "./kind-folder.js";
import { knownErrorWorkaround } from "./known-error-workaround.js";
import { milestoneOverdue } from "./milestone-overdue.js";
import { missingIncidentReview } from "./missing-incident-review.js";
import { missingPir } from "./missing-pir.js";
import { placeholder } from "./placeholder.js";
import { planReviewDue } from "./plan-review-due.js";
import { problemUnfixed } from "./problem-unfixed.js";
import { projectOpenChanges } from "./project-open-changes.js";
import { refKind } from "./ref-kind.js";
import { releaseDeployedUntested } from "./release-deployed-untested.js";
import { releaseUnapprovedChange } from "./release-unapproved-change.js";
import { requestTemplate } from "./request-template.js";
import { retiredInUse } from "./retired-in-use.js";
import { riskAcceptance } from "./risk-acceptance.js";
import { riskNoControl } from "./risk-no-control.js";
import { riskReviewDue } from "./risk-review-due.js";
import { riskUnderstated } from "./risk-understated.js";
import { roleMember } from "./role-member.js";
import type { Rule } from "./rule.js";
import { serviceOwnerMissing } from "./service-owner-missing.js";
import { serviceReviewDue } from "./service-review-due.js";
import { slaFeasibility } from "./sla-feasibility.js";
import { slaReviewDue } from "./sla-review-due.js";
import { trainingExpired } from "./training-expired.js";
import { unknownTemplate } from "./unknown-template.js";
import { windowOrder } from "./window-order.js";

/** Every rule, sorted by code. A rule's file is named by its code. */
export const RULES: readonly Rule[] = [
  assetDisposal,
  changePlans,
  continuityBackup,
  continuityMissing,
  continuityObjective,
  continuityTest,
  continuityTolerance,
  cycle,
  danglingRef,
  deployOutsideWindow,
  duplicateId,
  freezeSchedule,
  idFilename,
  improvementOverdue,
  incidentCauseUnreviewed,
  incidentPriorityRule,
  incidentTimeOrder,
  kindFolder,
  knownErrorWorkaround,
  milestoneOverdue,
  missingIncidentReview,
  missingPir,
  placeholder,
  planReviewDue,
  problemUnfixed,
  projectOpenChanges,
  refKind,
  releaseDeployedUntested,
  releaseUnapprovedChange,
  requestTemplate,
  retiredInUse,
  riskAcceptance,
  riskNoControl,
  riskReviewDue,
  riskUnderstated,
  roleMember,
  serviceOwnerMissing,
  serviceReviewDue,
  slaFeasibility,
  slaReviewDue,
  trainingExpired,
  unknownTemplate,
  windowOrder,
];
