// Insights (issue 17): aggregates and percentiles over a period, computed in SQLite.
export { readInsights, bucketWidth, DISTRIBUTION_BUCKETS, type InsightsRequest } from './insights';
export { periodStart, periodStartReaches, localDayModifier, parseSince } from './period';
export { InsightsCache } from './cache';
export { inThreadInsightsReader, workerInsightsReader, type InsightsReader, type WorkerInsightsReader } from './reader';
export { InsightsService, WARMED_PERIOD } from './service';
