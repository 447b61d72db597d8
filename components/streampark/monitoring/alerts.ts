/**
 * StreamPark 2.1.5 ships spring-boot-starter-actuator without micrometer-registry-prometheus
 * (streampark-console-service/pom.xml and dist-material/release-docs/LICENSE at v2.1.5: only
 * micrometer-core), and exposes only /actuator/health (anonymous: ShiroConfig "/actuator/**").
 * There is no /actuator/prometheus to scrape, so Prometheus probes the health endpoint through the
 * blackbox exporter (`probe_success`, prometheus/blackbox_exporter prober/http.go).
 */
import { RuleGroup } from "../../observability/alertRule";

export const STREAMPARK_SCRAPE_JOB = "streampark";
export const STREAMPARK_HEALTH_PATH = "/actuator/health";

export function streamParkRuleGroup(): RuleGroup {
  return {
    name: "rtdw-streampark",
    rules: [{
      name: "RtdwStreamParkDown",
      level: "high",
      kpi: "job uptime > 99.9% (jobs keep running, but nobody can deploy, upgrade or recover them)",
      expr: `probe_success{job="${STREAMPARK_SCRAPE_JOB}"} == 0`,
      for: "3m",
      target: "streampark",
      summary: "StreamPark's /actuator/health does not answer 2xx",
      runbook: "Check the streampark container log and its metadata database (MySQL streampark schema); running Flink jobs are not affected.",
    }],
  };
}
