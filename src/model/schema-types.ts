/* Generated from schemas/ by `npm run schema:types`: do not edit. */

/**
 * Any gitsm record.
 */
export type AnyRecord = (Team | Service | SLA | CI | Change | ContinuityPlan | Release | Project | Risk | Improvement | Incident | Problem | Policy)

/**
 * A team: who owns records, reviews changes and answers for services.
 */
export interface Team {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Team"
metadata: Metadata
/**
 * The team.
 */
spec: {
/**
 * The team's members, as GitHub logins.
 * 
 * @minItems 1
 * 
 * Items: A GitHub login.
 */
members: [string, ...(string)[]]
/**
 * The GitHub team, as org/team-slug; review requests go to it.
 */
github?: string
/**
 * How to reach the team.
 */
contact?: {
/**
 * The team's mailbox.
 */
email?: string
/**
 * The team's chat channel, e.g. #payments.
 */
chat?: string
/**
 * A phone number, e.g. for the on-call rota.
 */
phone?: string
/**
 * Where the on-call rota lives (a URL or a pager service name).
 */
oncall?: string
}
/**
 * Who holds which role: a map from a role (service-owner, change-manager, incident-manager, problem-manager, on-call, or any other) to members of this team.
 */
roles?: {
/**
 * @minItems 1
 * 
 * Items: A GitHub login.
 */
[k: string]: [string, ...(string)[]]
}
/**
 * The team's training records.
 * 
 * Items: One member's completed course.
 */
training?: {
/**
 * A GitHub login.
 */
member: string
/**
 * The course or certification, e.g. incident-command.
 */
course: string
/**
 * When it was completed.
 */
date: string
/**
 * When it must be renewed; absent: it does not expire.
 */
expires?: string
}[]
}
}
/**
 * Identity and ownership of the record.
 */
export interface Metadata {
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
id: string
/**
 * The human name.
 */
name: string
/**
 * What the record is, in a sentence or a paragraph (Markdown allowed).
 */
description?: string
/**
 * The owning team, as a team: reference.
 */
owner?: string
/**
 * Free-form string labels.
 */
labels?: {
[k: string]: string
}
/**
 * Notes for other tools, kept as written, e.g. a Backstage entity's backstage.io/techdocs-ref or argocd/app-name. gitsm does not act on them; `gitsm import backstage` keeps them and `gitsm export backstage` gives them back.
 */
annotations?: {
[k: string]: string
}
/**
 * Free-form tags, e.g. a Backstage entity's metadata.tags.
 */
tags?: string[]
/**
 * Links to related pages: dashboards, runbooks, repositories.
 */
links?: {
/**
 * Where it points.
 */
url: string
/**
 * What it is.
 */
title?: string
/**
 * An icon name, for tools that show one.
 */
icon?: string
/**
 * What kind of link, e.g. runbook or dashboard.
 */
type?: string
}[]
}
/**
 * A service in the service catalogue.
 */
export interface Service {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Service"
metadata: OwnedMetadata
/**
 * The service.
 */
spec: {
/**
 * Criticality: 1 is the most critical, 4 the least.
 */
tier: number
/**
 * Where the service is in its life: pipeline (planned), live, or retired.
 */
lifecycle: ("pipeline" | "live" | "retired")
/**
 * core: what customers buy; value-added: enhances a core service; supporting: needed to deliver others.
 */
category?: ("core" | "value-added" | "supporting")
/**
 * Who uses the service.
 */
customers?: string[]
/**
 * When the service is supported, e.g. 24x7 or Mon-Fri 08:00-18:00 CET.
 */
supportHours?: string
/**
 * What the service costs its customers.
 */
price?: {
/**
 * The amount, in the currency below.
 */
amount: number
/**
 * An ISO 4217 currency code, e.g. EUR.
 */
currency: string
/**
 * What the amount is for, e.g. per month, per user per month, per 1000 transactions.
 */
unit: string
}
/**
 * The CIs and services this service needs (ci: or service: references).
 * 
 * Items: A dependency: a reference string, or an object with the reference and the kind of dependency.
 */
dependsOn?: (string | {
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
ref: string
/**
 * hard (default): an outage of the dependency is an outage of this record; soft: it only degrades it.
 */
type?: ("hard" | "soft")
})[]
/**
 * What a customer may ask for from the service: the service-request catalogue.
 * 
 * Items: One kind of request.
 */
requests?: {
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
id: string
/**
 * What is requested, e.g. Refund a payment.
 */
name: string
/**
 * What the customer gets.
 */
description?: string
/**
 * How fast it is fulfilled, e.g. 1d.
 */
fulfilment?: string
/**
 * Whose approval it needs: none, the service owner, or what the policy asks (through a change).
 */
approval?: ("none" | "owner" | "policy")
/**
 * How to ask: a sentence, or an https URL to the form.
 */
how?: string
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
template?: string
}[]
/**
 * When the service's definition (scope, requests, owner) must next be reviewed.
 */
reviewBy?: string
}
}
/**
 * Identity and ownership of the record; the owner is required.
 */
export interface OwnedMetadata {
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
id: string
/**
 * The human name.
 */
name: string
/**
 * What the record is, in a sentence or a paragraph (Markdown allowed).
 */
description?: string
/**
 * The owning team, as a team: reference.
 */
owner: string
/**
 * Free-form string labels.
 */
labels?: {
[k: string]: string
}
/**
 * Notes for other tools, kept as written, e.g. a Backstage entity's backstage.io/techdocs-ref or argocd/app-name. gitsm does not act on them; `gitsm import backstage` keeps them and `gitsm export backstage` gives them back.
 */
annotations?: {
[k: string]: string
}
/**
 * Free-form tags, e.g. a Backstage entity's metadata.tags.
 */
tags?: string[]
/**
 * Links to related pages: dashboards, runbooks, repositories.
 */
links?: {
/**
 * Where it points.
 */
url: string
/**
 * What it is.
 */
title?: string
/**
 * An icon name, for tools that show one.
 */
icon?: string
/**
 * What kind of link, e.g. runbook or dashboard.
 */
type?: string
}[]
}
/**
 * A service level agreement: what a service promises a customer.
 */
export interface SLA {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "SLA"
metadata: OwnedMetadata
/**
 * The agreement.
 */
spec: {
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
service: string
/**
 * Who the agreement is with.
 */
customer?: string
/**
 * The promised service levels.
 */
targets: {
/**
 * Promised availability in percent over the measurement window.
 */
availability: number
/**
 * The period availability is measured over, e.g. 30d.
 */
measurementWindow?: string
responseTime?: PerPriority
resolutionTime?: PerPriority1
/**
 * Recovery time objective: the longest acceptable outage after a disaster.
 */
rto?: string
/**
 * Recovery point objective: the most data, in time, that may be lost.
 */
rpo?: string
}
/**
 * The date by which the agreement must be reviewed.
 */
reviewBy?: string
/**
 * What the agreement does not cover, e.g. announced maintenance.
 */
exclusions?: string[]
/**
 * How the agreement is measured: good (or failed) events over all events, as Prometheus queries. `gitsm export openslo` and `gitsm export sloth` turn it into an SLO a tool can run; without it the exported SLO is declarative only.
 */
indicator?: {
/**
 * Prometheus queries (PromQL): total, and either good or errors. Sloth replaces {{.window}} with each alerting window.
 */
prometheus: ({
/**
 * Counts the good events.
 */
good: string
/**
 * Counts all events.
 */
total: string
} | {
/**
 * Counts the failed events.
 */
errors: string
/**
 * Counts all events.
 */
total: string
})
}
}
}
/**
 * Time to first response, per incident priority.
 */
export interface PerPriority {
/**
 * Priority 1: critical.
 */
P1?: string
/**
 * Priority 2: high.
 */
P2?: string
/**
 * Priority 3: medium.
 */
P3?: string
/**
 * Priority 4: low.
 */
P4?: string
}
/**
 * Time to resolution, per incident priority.
 */
export interface PerPriority1 {
/**
 * Priority 1: critical.
 */
P1?: string
/**
 * Priority 2: high.
 */
P2?: string
/**
 * Priority 3: medium.
 */
P3?: string
/**
 * Priority 4: low.
 */
P4?: string
}
/**
 * A configuration item: a server, database, certificate, SaaS subscription or anything else under configuration management.
 */
export interface CI {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "CI"
metadata: OwnedMetadata
/**
 * The configuration item.
 */
spec: {
/**
 * What kind of item this is.
 */
type: ("server" | "vm" | "container" | "database" | "application" | "network" | "storage" | "load-balancer" | "dns" | "certificate" | "cloud-service" | "saas" | "license" | "cluster" | "other")
/**
 * The environment the item belongs to.
 */
environment: ("production" | "staging" | "test" | "development")
/**
 * planned: not yet in use; active: in use; maintenance: temporarily out of service; retired: no longer in use.
 */
status: ("planned" | "active" | "maintenance" | "retired")
/**
 * The deployed version.
 */
version?: string
/**
 * Where the item runs: a data centre, cloud region or rack.
 */
location?: string
/**
 * Who supplies the item.
 */
vendor?: string
/**
 * The item's expected availability in percent; when absent, a default for its type is assumed.
 */
availability?: number
/**
 * What this item needs to work (ci: or service: references, or {ref, type}).
 * 
 * Items: A dependency: a reference string, or an object with the reference and the kind of dependency.
 */
dependsOn?: (string | {
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
ref: string
/**
 * hard (default): an outage of the dependency is an outage of this record; soft: it only degrades it.
 */
type?: ("hard" | "soft")
})[]
/**
 * For a cluster: its member CIs (ci: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
members?: string[]
/**
 * For a cluster: how many members must be up for the cluster to serve.
 */
minHealthy?: number
/**
 * How the item is backed up.
 */
backup?: {
/**
 * Time between backups, e.g. 1h.
 */
interval: string
/**
 * How long backups are kept, e.g. 30d.
 */
retention?: string
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
target?: string
}
/**
 * For a certificate: what it covers and when it expires.
 */
certificate?: {
/**
 * The certificate's subject common name.
 */
commonName?: string
/**
 * The issuing authority.
 */
issuer?: string
/**
 * When the certificate expires.
 */
notAfter?: string
}
/**
 * Asset management data.
 */
asset?: {
/**
 * The serial number.
 */
serial?: string
/**
 * The purchase date.
 */
purchased?: string
/**
 * The last day of the warranty.
 */
warrantyUntil?: string
/**
 * The last day of the licence.
 */
licenseExpires?: string
value?: Money
/**
 * How a retired asset left the organisation.
 */
disposed?: {
/**
 * When it was disposed of.
 */
date: string
/**
 * How: resold, recycled, destroyed (with data wiped), returned to its lessor or vendor, or another way.
 */
method: ("resold" | "recycled" | "destroyed" | "returned" | "other")
/**
 * Where the proof is: a certificate of destruction, a receipt (a URL or a document id).
 */
evidence?: string
}
}
}
}
/**
 * What the asset is worth (its book value).
 */
export interface Money {
/**
 * The amount, in the currency.
 */
amount: number
/**
 * An ISO 4217 currency code, e.g. EUR.
 */
currency: string
}
/**
 * A change request (RFC): what is changed, when, why, how it is done and undone, and how it went.
 */
export interface Change {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Change"
metadata: OwnedMetadata
/**
 * The change.
 */
spec: {
/**
 * standard: pre-approved from a policy template; normal: assessed and authorised; emergency: expedited, reviewed afterwards.
 */
type: ("standard" | "normal" | "emergency")
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
template?: string
/**
 * Where the change is in its life.
 */
status: ("draft" | "requested" | "approved" | "scheduled" | "implemented" | "closed" | "rejected" | "failed" | "rolled-back")
/**
 * A GitHub login.
 */
requester?: string
/**
 * Why the change is needed.
 */
reason?: string
/**
 * What the change changes: team:, service:, sla:, ci: or plan: references.
 * 
 * @minItems 1
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
targets: [string, ...(string)[]]
/**
 * When the change is carried out.
 */
window?: {
/**
 * When the work starts.
 */
start: string
/**
 * When the work is over, service restored.
 */
end: string
}
/**
 * The risk as the requester declares it; gitsm also computes one.
 */
risk?: {
/**
 * How likely it is to go wrong, 1 (rare) to 5 (almost certain).
 */
likelihood: number
/**
 * How bad it would be, 1 (negligible) to 5 (severe).
 */
impact: number
}
/**
 * How the change is carried out, undone and verified.
 */
plans?: {
/**
 * The steps to carry out the change.
 */
implementation?: string
/**
 * How to undo the change if it goes wrong.
 */
backout?: string
/**
 * How success is verified.
 */
test?: string
}
/**
 * The post-implementation review.
 */
pir?: {
/**
 * When the review took place.
 */
date: string
/**
 * How the change went.
 */
outcome: ("successful" | "partially-successful" | "unsuccessful")
/**
 * What was learnt.
 */
notes?: string
}
}
}
/**
 * An IT service continuity plan (BCP/DR): how services are recovered after a disaster, and how that was tested.
 */
export interface ContinuityPlan {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "ContinuityPlan"
metadata: OwnedMetadata
/**
 * The plan.
 */
spec: {
/**
 * The services the plan recovers (service: references).
 * 
 * @minItems 1
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
services: [string, ...(string)[]]
/**
 * The disasters the plan covers, e.g. loss of a region.
 */
scenarios?: string[]
/**
 * How recovery works.
 */
strategy: ("active-active" | "warm-standby" | "cold-standby" | "backup-restore" | "manual-workaround")
/**
 * Recovery time objective the plan achieves.
 */
rto: string
/**
 * Recovery point objective the plan achieves.
 */
rpo: string
/**
 * The recovery runbook, step by step.
 */
recoverySteps?: string[]
/**
 * Who to call (team: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
contacts?: string[]
/**
 * The CIs recovery needs (ci: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
dependsOn?: string[]
/**
 * How often the plan must be tested, e.g. 180d.
 */
testFrequency?: string
/**
 * The business impact analysis behind the plan: how long the business can stand the services down, and what an hour down costs.
 */
businessImpact?: {
/**
 * The maximum tolerable downtime (MTD): the plan's RTO must not exceed it.
 */
maxTolerableDowntime: string
impactPerHour?: Money1
/**
 * How the figures were reached.
 */
notes?: string
}
/**
 * When the plan and its business impact must next be reviewed.
 */
reviewBy?: string
/**
 * The plan's test history.
 * 
 * Items: One test of the plan.
 */
tests?: {
/**
 * When the test took place.
 */
date: string
/**
 * What kind of test.
 */
type: ("tabletop" | "walkthrough" | "simulation" | "failover" | "restore" | "full-interruption")
/**
 * How it went.
 */
result: ("passed" | "partial" | "failed")
/**
 * The recovery time measured in the test.
 */
actualRto?: string
/**
 * The data loss measured in the test.
 */
actualRpo?: string
/**
 * What was found.
 */
notes?: string
}[]
}
}
/**
 * What an hour of outage costs.
 */
export interface Money1 {
/**
 * The amount, in the currency.
 */
amount: number
/**
 * An ISO 4217 currency code, e.g. EUR.
 */
currency: string
}
/**
 * A release: a package of changes that is built, tested and deployed together, with the evidence of each step.
 */
export interface Release {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Release"
metadata: OwnedMetadata
/**
 * The release.
 */
spec: {
/**
 * The release's version, as the team names it (2026.11.2, v4.3.0).
 */
version: string
/**
 * The changes this release carries, as change: references. Each must be approved or scheduled before the release may be deployed.
 * 
 * @minItems 1
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
changes: [string, ...(string)[]]
/**
 * Where the release is: planned, built (the package exists), tested, deployed, closed, or cancelled.
 */
status: ("planned" | "built" | "tested" | "deployed" | "closed" | "cancelled")
/**
 * What was built: the packages or images, each with its content digest.
 * 
 * Items: A built artifact.
 */
artifacts?: {
/**
 * The artifact's name (an image, a package, a file).
 */
name: string
/**
 * Its content digest, e.g. sha256:....
 */
digest?: string
}[]
/**
 * Test runs of the release, in any order; the latest by date decides whether it may be deployed.
 * 
 * Items: One test run.
 */
tests?: {
/**
 * When the test ran (a date, or a time with an offset).
 */
date: string
/**
 * passed or failed.
 */
result: ("passed" | "failed")
/**
 * Where the evidence is: a URL to the test report or a CI run, or a note.
 */
evidence?: string
}[]
/**
 * Where and when the release was deployed, as pipelines record it back.
 * 
 * Items: One deployment.
 */
deployments?: {
/**
 * The environment deployed to (production, staging, or the pipeline's name for it).
 */
environment: string
/**
 * When the deployment ran.
 */
at: string
/**
 * succeeded, failed, or rolled-back.
 */
result: ("succeeded" | "failed" | "rolled-back")
/**
 * Who or what deployed it: a GitHub login, or a pipeline run URL.
 */
by?: string
}[]
}
}
/**
 * A project: work that spans many changes and releases, with a scope, a sponsor, a budget and milestones.
 */
export interface Project {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Project"
metadata: OwnedMetadata
/**
 * The project.
 */
spec: {
/**
 * proposed, active, done, or cancelled.
 */
status: ("proposed" | "active" | "done" | "cancelled")
/**
 * What the project delivers and what it leaves out (Markdown allowed).
 */
scope?: string
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
sponsor?: string
/**
 * The approved budget.
 */
budget?: {
/**
 * The amount.
 */
amount: number
/**
 * An ISO 4217 currency code, e.g. EUR.
 */
currency: string
}
/**
 * The project's milestones, in the order they are planned.
 * 
 * Items: A milestone.
 */
milestones?: {
/**
 * The milestone's name.
 */
name: string
/**
 * When it is due.
 */
due: string
/**
 * When it was reached; absent while it is not.
 */
done?: string
/**
 * The changes that deliver it, as change: references.
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
changes?: string[]
/**
 * The releases that deliver it, as release: references.
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
releases?: string[]
}[]
}
}
/**
 * An entry of the risk register: what could go wrong, how likely and how bad it is, and how it is treated.
 */
export interface Risk {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Risk"
metadata: OwnedMetadata
/**
 * The risk.
 */
spec: {
/**
 * How likely the risk is to happen, 1 (rare) to 5 (almost certain): the scale a Change's risk uses.
 */
likelihood: number
/**
 * How bad it would be, 1 (negligible) to 5 (severe): the scale a Change's risk uses.
 */
impact: number
/**
 * The response: accept it (needs the owner's recorded acceptance when high or critical), mitigate it (with controls), transfer it (insurance, a supplier) or avoid it (stop doing what causes it).
 */
treatment: ("accept" | "mitigate" | "transfer" | "avoid")
/**
 * open: identified, treatment not in place; treated: the treatment is in place and monitored; closed: no longer a risk.
 */
status: ("open" | "treated" | "closed")
/**
 * The services and CIs that would be hurt (service: and ci: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
affects?: string[]
/**
 * What reduces the risk: continuity plans and changes (plan: and change: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
controls?: string[]
/**
 * The likelihood and impact left once the controls work.
 */
residual?: {
/**
 * Residual likelihood, 1 to 5.
 */
likelihood: number
/**
 * Residual impact, 1 to 5.
 */
impact: number
}
/**
 * For treatment accept: who in the owning team accepted the risk, and when. A high or critical accepted risk needs it, signed by a member of the team in metadata.owner.
 */
acceptance?: {
/**
 * A GitHub login.
 */
by: string
/**
 * When it was accepted.
 */
date: string
/**
 * Why it is acceptable.
 */
notes?: string
}
/**
 * When the risk must next be reviewed.
 */
reviewBy?: string
}
}
/**
 * An entry of the continual improvement register: a goal, how it is measured, who owns it, by when, and the changes that carry it out.
 */
export interface Improvement {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Improvement"
metadata: OwnedMetadata
/**
 * The improvement.
 */
spec: {
/**
 * Where the improvement is: proposed, planned, in-progress, done or abandoned.
 */
status: ("proposed" | "planned" | "in-progress" | "done" | "abandoned")
/**
 * Where it comes from: incident:, problem: or risk: references, or audit finding ids (<code>:<commit>:<record ref>, as gitsm audit prints them).
 */
source?: string[]
/**
 * What should be better, in a sentence.
 */
goal?: string
/**
 * How progress is measured: a KPI, where it stood and where it should get to.
 */
measure?: {
/**
 * The key performance indicator, e.g. change failure rate.
 */
kpi: string
/**
 * Its value when the improvement started, e.g. 18%.
 */
baseline?: (string | number)
/**
 * The value to reach, e.g. 10%.
 */
target?: (string | number)
}
/**
 * When it should be done.
 */
due?: string
/**
 * The changes that carry it out (change: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
changes?: string[]
}
}
/**
 * An unplanned interruption or degradation of a service, recorded during or after it; the post-incident review lives in the same file.
 */
export interface Incident {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Incident"
metadata: OwnedMetadata
/**
 * The incident.
 */
spec: {
/**
 * The services whose users were hit (service: references).
 * 
 * @minItems 1
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
services: [string, ...(string)[]]
/**
 * The configuration items involved (ci: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
cis?: string[]
/**
 * outage: users could not use the service (counts as downtime); degraded: slower or partly working (does not).
 */
effect: ("outage" | "degraded")
/**
 * How widely the business is hit.
 */
impact: ("high" | "medium" | "low")
/**
 * How quickly it must be resolved.
 */
urgency: ("high" | "medium" | "low")
/**
 * P1 (critical) to P4 (low); the policy's incidentPriority matrix of impact x urgency decides it, a declared one that disagrees is a warning.
 */
priority?: ("P1" | "P2" | "P3" | "P4")
/**
 * open: users are still hit, or not yet confirmed restored; resolved: service restored; closed: review done, nothing left to do.
 */
status: ("open" | "resolved" | "closed")
/**
 * When users were first hit.
 */
started: string
/**
 * When the incident was detected (alert or report).
 */
detected?: string
/**
 * When someone first responded (acknowledged and started work).
 */
responded?: string
/**
 * When the service was restored for users; required unless open.
 */
resolved?: string
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
causedBy?: string
/**
 * A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
problem?: string
/**
 * What happened, in a sentence or two.
 */
summary?: string
/**
 * What happened when.
 * 
 * Items: One entry of the timeline.
 */
timeline?: {
/**
 * When.
 */
at: string
/**
 * What happened.
 */
note: string
}[]
/**
 * The post-incident review.
 */
review?: {
/**
 * When the review was held.
 */
date: string
/**
 * What was learned.
 */
notes?: string
/**
 * Follow-up actions in the improvement register (improvement: references).
 */
actions?: string[]
}
}
}
/**
 * The cause behind one or more incidents: its root cause, the workaround while it lasts (a known error), and the changes that fix it.
 */
export interface Problem {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Problem"
metadata: OwnedMetadata
/**
 * The problem.
 */
spec: {
/**
 * open: cause unknown; known-error: cause known and a workaround exists; resolved: fixed by an implemented change; closed: nothing left to do.
 */
status: ("open" | "known-error" | "resolved" | "closed")
/**
 * The incidents it caused (incident: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
incidents?: string[]
/**
 * The configuration items at fault (ci: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
cis?: string[]
/**
 * Why it happens.
 */
rootCause?: string
/**
 * How users or operators get around it until it is fixed; required for a known error.
 */
workaround?: string
/**
 * The changes that fix it (change: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
fixedBy?: string[]
}
}
/**
 * The change and continuity policy: freezes, approvals, standard changes. One per repository, id `policy`, at records/policy.yaml.
 */
export interface Policy {
/**
 * The record format version.
 */
apiVersion: "gitsm/v1"
/**
 * The record kind.
 */
kind: "Policy"
metadata: Metadata
/**
 * The policy. Every field is optional.
 */
spec: {
/**
 * Windows in which no change may be implemented.
 * 
 * Items: A change freeze: once, from start to end, or recurring, by a schedule (give one or the other).
 */
freezes?: {
/**
 * The freeze's name.
 */
name: string
/**
 * When a one-off freeze starts (inclusive).
 */
start?: string
/**
 * When a one-off freeze ends (exclusive).
 */
end?: string
/**
 * A recurring freeze: each occurrence of the rule starts a freeze that lasts the duration, in the time zone's local time (daylight saving included).
 */
schedule?: {
/**
 * An RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=FR;BYHOUR=16. A rule without DTSTART holds at every date; one with DTSTART (a DTSTART line, then an RRULE line) starts there.
 */
rrule: string
/**
 * How long each occurrence lasts.
 */
duration: string
/**
 * The IANA time zone the rule's local times are in, e.g. Europe/Berlin or UTC.
 */
timezone: string
}
/**
 * Why there is a freeze.
 */
reason?: string
/**
 * Which changes the freeze applies to; omitted: all.
 */
scope?: {
/**
 * Only changes impacting services of these tiers.
 */
tiers?: number[]
}
}[]
/**
 * Human approvals each computed risk level needs, beyond the owners of what the change targets.
 */
approvals?: {
low?: Approval
medium?: Approval
high?: Approval
critical?: Approval
}
/**
 * Pre-approved change templates: the bot may approve a standard change that names one.
 * 
 * Items: A standard-change template.
 */
standardChanges?: {
/**
 * A record id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters. Equals the file name without extension.
 */
id: string
/**
 * What the template is for.
 */
description?: string
/**
 * The only CI types a change from this template may target.
 * 
 * @minItems 1
 */
ciTypes: [("server" | "vm" | "container" | "database" | "application" | "network" | "storage" | "load-balancer" | "dns" | "certificate" | "cloud-service" | "saas" | "license" | "cluster" | "other"), ...(("server" | "vm" | "container" | "database" | "application" | "network" | "storage" | "load-balancer" | "dns" | "certificate" | "cloud-service" | "saas" | "license" | "cluster" | "other"))[]]
/**
 * The highest computed risk at which the bot may approve.
 */
maxRisk: ("low" | "medium" | "high" | "critical")
}[]
/**
 * Emergency changes need a post-implementation review within this time after implementation.
 */
pirDeadline?: string
/**
 * The audit reports a finding that no Improvement names in its source for longer than this after its commit, e.g. 30d. Absent: findings are listed as tracked or not, none as overdue.
 */
findingFollowUp?: string
/**
 * Which services need a tested continuity plan.
 */
continuity?: {
/**
 * Services of these tiers need a plan.
 */
tiers?: number[]
/**
 * A plan's last test may be at most this old.
 */
maxTestAge?: string
}
/**
 * The incident priority matrix: for each impact (high, medium, low), the priority at each urgency. Omitted cells take the service-desk defaults: high/high P1; high/medium and medium/high P2; high/low, medium/medium and low/high P3; the rest P4.
 */
incidentPriority?: {
high?: PriorityRow
medium?: PriorityRow
low?: PriorityRow
}
/**
 * What the gate does with a non-emergency change whose impact reaches a service whose SLA has spent its error budget.
 */
errorBudget?: {
/**
 * review (default): a person reviews, with the critical level's approvals; block: the change waits until the budget recovers.
 */
exhausted?: ("review" | "block")
}
/**
 * Override the severity of a diagnostic code: error, warning, or off.
 */
severities?: {
[k: string]: "error" | "warning" | "off"
}
}
}
/**
 * What a risk level needs.
 */
export interface Approval {
/**
 * How many human approvals.
 */
approvals: number
/**
 * Teams that must be among the approvers (team: references).
 * 
 * Items: A reference to another record, `kind:id` with the kind in lower case: team:, service:, sla:, ci:, change:, plan:, release:, project:, risk:, improvement:, incident: or problem:.
 */
teams?: string[]
}
/**
 * The priority at each urgency, for one impact.
 */
export interface PriorityRow {
/**
 * An incident priority, P1 (critical) to P4 (low).
 */
high?: ("P1" | "P2" | "P3" | "P4")
/**
 * An incident priority, P1 (critical) to P4 (low).
 */
medium?: ("P1" | "P2" | "P3" | "P4")
/**
 * An incident priority, P1 (critical) to P4 (low).
 */
low?: ("P1" | "P2" | "P3" | "P4")
}
