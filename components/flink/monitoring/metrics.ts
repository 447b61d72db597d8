/**
 * The Flink 1.20 metrics the warehouse's rules and dashboards read, as PrometheusReporter exposes them.
 *
 * Naming (flink-metrics/flink-metrics-prometheus AbstractPrometheusReporter#getScopedName at
 * release-1.20.1): "flink_" + the group's logical scope joined with "_" + the metric name, every
 * character outside [a-zA-Z0-9:_] replaced by "_"; every scope variable becomes a label without its
 * angle brackets (job_name, task_name, operator_name, subtask_index, tm_id, host, ...). Counters and
 * meters are exposed as gauges (a meter as its per-second rate).
 * Metric names and scopes: docs/content/docs/ops/metrics.md ("Availability", "Checkpointing", "IO",
 * "CPU", "Memory"), and for sources FLIP-33's `currentEmitEventTimeLag` (flink-metrics-core
 * MetricNames, registered by InternalSourceReaderMetricGroup) and MySQL CDC's
 * `currentFetchEventTimeLag` (flink-cdc 3.3.0 MySqlSourceReaderMetrics; both -1 while undefined,
 * e.g. during the snapshot phase).
 */

export const FLINK_METRICS = {
  /** Job scope on the JobManager: ms the job has been RUNNING without interruption; 0 while restarting, -1 when terminal. */
  jobUptime: "flink_jobmanager_job_uptime",
  /** Job scope: number of restarts since the job was submitted. */
  jobRestarts: "flink_jobmanager_job_numRestarts",
  jobCompletedCheckpoints: "flink_jobmanager_job_numberOfCompletedCheckpoints",
  jobFailedCheckpoints: "flink_jobmanager_job_numberOfFailedCheckpoints",
  jobLastCheckpointDuration: "flink_jobmanager_job_lastCheckpointDuration",
  jobLastCheckpointSize: "flink_jobmanager_job_lastCheckpointSize",
  /** Operator scope on TaskManagers (meters, records per second). */
  operatorRecordsInPerSecond: "flink_taskmanager_job_task_operator_numRecordsInPerSecond",
  operatorRecordsOutPerSecond: "flink_taskmanager_job_task_operator_numRecordsOutPerSecond",
  /** Source operators: ms between a record's event time and its emission (FLIP-33). */
  sourceEmitEventTimeLag: "flink_taskmanager_job_task_operator_currentEmitEventTimeLag",
  /** MySQL CDC source: ms between a binlog event's time and its fetch. */
  sourceFetchEventTimeLag: "flink_taskmanager_job_task_operator_currentFetchEventTimeLag",
  /** Task scope: ms per second the task is back-pressured. */
  taskBackPressuredTimeMsPerSecond: "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
  /** JVM of each process: recent CPU usage (0..1) and heap bytes. */
  taskManagerCpuLoad: "flink_taskmanager_Status_JVM_CPU_Load",
  jobManagerCpuLoad: "flink_jobmanager_Status_JVM_CPU_Load",
  taskManagerHeapUsed: "flink_taskmanager_Status_JVM_Memory_Heap_Used",
  taskManagerHeapMax: "flink_taskmanager_Status_JVM_Memory_Heap_Max",
  jobManagerHeapUsed: "flink_jobmanager_Status_JVM_Memory_Heap_Used",
  jobManagerHeapMax: "flink_jobmanager_Status_JVM_Memory_Heap_Max",
  /** Cluster scope on the JobManager. */
  taskSlotsAvailable: "flink_jobmanager_taskSlotsAvailable",
  taskSlotsTotal: "flink_jobmanager_taskSlotsTotal",
  numRunningJobs: "flink_jobmanager_numRunningJobs",
} as const;

/**
 * Source operators of a Flink SQL job are named "Source: <table>[<id>]" by the table planner
 * (flink-table-planner ExecNodeBase / TableSourceScan "Source: " prefix), so their records out are
 * the records the job takes in.
 */
export const SOURCE_OPERATOR = 'operator_name=~"Source.*"';
