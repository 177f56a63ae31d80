/** What an alert run did, and the sum of several runs (platforms, modes, recovery and new sends). */

export interface AlertBatchReport {
  /** DMs sent (or found already sent after a crash). */
  readonly sent: number;
  readonly papers: number;
  /** People the platform refused to reach; marked, and their alerts wait. */
  readonly unreachable: number;
  /** Sends that failed for now; each stays claimed and is retried with backoff. */
  readonly retrying: number;
}

export function sumAlertReports(reports: readonly AlertBatchReport[]): AlertBatchReport {
  return {
    sent: reports.reduce((sum, r) => sum + r.sent, 0),
    papers: reports.reduce((sum, r) => sum + r.papers, 0),
    unreachable: reports.reduce((sum, r) => sum + r.unreachable, 0),
    retrying: reports.reduce((sum, r) => sum + r.retrying, 0),
  };
}
