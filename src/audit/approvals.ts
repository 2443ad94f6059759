/** Self-approval of a pull request: its author among its approvers (with --github, from its reviews). Pure. */
export function selfApprovals(
  number: number,
  author: string,
  approvers: readonly string[],
): { code: "self-approved"; message: string }[] {
  return author && approvers.includes(author)
    ? [{ code: "self-approved", message: `pull request #${number} was approved by its own author, ${author}` }]
    : [];
}
