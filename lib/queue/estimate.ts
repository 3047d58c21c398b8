/**
 * Minutes until a waiting party is likely served: the parties ahead times the queue's average
 * service time. The first-pass estimator; its accuracy is to be measured against history.
 */
export function estimateWaitMinutes(partiesAhead: number, averageServiceTime: number): number {
  if (partiesAhead <= 0) return 0;
  return Math.ceil(partiesAhead * averageServiceTime);
}
