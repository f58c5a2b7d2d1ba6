/**
 * deploy/: the compose file, the Prometheus config and the Kubernetes manifests are parsed (npm
 * `yaml`) and checked against the gateway itself: required fields per kind, every probe and
 * scrape path answered by the real handler, the config each one mounts accepted by the config
 * loader, and one port everywhere (config listen, containerPort, Service, probes, compose,
 * Prometheus, Containerfile).
 */
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { loadConfig, type LoadedConfig } from "../../lib/config/load.ts";
import { createHandler } from "../../lib/server/handler.ts";
import { VERSION } from "../../lib/version.ts";

const root = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, root));

// deno-lint-ignore no-explicit-any
type Doc = any;

function yamlDocs(path: string): Doc[] {
  return parseAllDocuments(read(path)).map((doc) => {
    assert.equal(doc.errors.length, 0, `${path}: ${doc.errors.join("; ")}`);
    return doc.toJS();
  });
}

/** Loads a config as the gateway would, with every key variable it names set. */
function gatewayConfig(toml: string, source: string): LoadedConfig {
  return loadConfig(toml, source, { env: () => "test-value", readFile: () => "" });
}

function listenPort(loaded: LoadedConfig): number {
  return Number(loaded.config.server.listen.split(":").pop());
}

/** The real handler answers `path` with a 2xx (not a 404 from a typo'd probe path). */
async function assertServed(loaded: LoadedConfig, path: string): Promise<void> {
  const handler = createHandler({ config: loaded, env: () => "key" });
  const response = await handler(new Request(`http://gateway${path}`));
  await response.body?.cancel();
  assert.ok(response.ok, `GET ${path} answered ${response.status}`);
}

const k8s = new Map<string, Doc>();
for (const file of Deno.readDirSync(new URL("deploy/kubernetes/", root))) {
  if (file.name === "kustomization.yaml") continue;
  for (const doc of yamlDocs(`deploy/kubernetes/${file.name}`)) k8s.set(doc.kind, doc);
}

Deno.test("deploy/kubernetes has every kind, each with apiVersion, metadata.name and spec", () => {
  assert.deepEqual([...k8s.keys()].sort(), [
    "ConfigMap",
    "Deployment",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "Secret",
    "Service",
  ]);
  for (const [kind, doc] of k8s) {
    assert.ok(doc.apiVersion, `${kind}.apiVersion`);
    assert.ok(doc.metadata?.name, `${kind}.metadata.name`);
    assert.ok(doc.spec ?? doc.data ?? doc.stringData, `${kind} has no body`);
  }
  const kustomization = yamlDocs("deploy/kubernetes/kustomization.yaml")[0];
  for (const resource of kustomization.resources) {
    assert.ok(Deno.statSync(new URL(`deploy/kubernetes/${resource}`, root)).isFile);
  }
});

Deno.test("the Deployment's probes, preStop, port and secrets agree with the gateway", async () => {
  const deployment = k8s.get("Deployment");
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  assert.equal(container.image, `localhost/ferryllm:${VERSION}`);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(container.lifecycle.preStop.sleep.seconds > 0);

  const configMap = k8s.get("ConfigMap");
  const mount = container.volumeMounts.find((m: Doc) => m.mountPath === "/etc/ferryllm");
  const volume = pod.volumes.find((v: Doc) => v.name === mount.name);
  assert.equal(volume.configMap.name, configMap.metadata.name);
  assert.deepEqual(container.args, ["serve", "--config", "/etc/ferryllm/ferryllm.toml"]);
  const loaded = gatewayConfig(configMap.data["ferryllm.toml"], "configmap.yaml");

  const port = container.ports.find((p: Doc) => p.name === "http");
  assert.equal(port.containerPort, listenPort(loaded));
  for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
    const check = container[probe].httpGet;
    assert.equal(check.port, "http", `${probe} port`);
    await assertServed(loaded, check.path);
  }
  // Drains within the pod's grace period: preStop + graceful_shutdown_secs fits.
  assert.ok(
    pod.terminationGracePeriodSeconds >
      container.lifecycle.preStop.sleep.seconds + loaded.config.server.graceful_shutdown_secs,
  );

  const service = k8s.get("Service");
  assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
  assert.deepEqual(deployment.spec.template.metadata.labels, deployment.spec.selector.matchLabels);
  assert.equal(service.spec.ports[0].targetPort, "http");

  const secret = k8s.get("Secret");
  assert.equal(container.envFrom[0].secretRef.name, secret.metadata.name);
  const needed = [
    loaded.config.auth.api_keys_env,
    ...loaded.config.providers.flatMap((p) => p.api_key_env ?? []),
  ];
  assert.deepEqual(Object.keys(secret.stringData).sort(), needed.sort());

  const hpa = k8s.get("HorizontalPodAutoscaler");
  assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
  assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  const pdb = k8s.get("PodDisruptionBudget");
  assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
  assert.ok(pdb.spec.minAvailable < hpa.spec.minReplicas);
});

Deno.test("deploy/compose.yaml runs two replicas, Redis and Prometheus on one port", async () => {
  const [compose] = yamlDocs("deploy/compose.yaml");
  const gateway = compose.services.gateway;
  assert.equal(gateway.deploy.replicas, 2);
  assert.match(
    gateway.image,
    new RegExp(`localhost/ferryllm:${VERSION.replaceAll(".", "\\.")}\\}$`),
  );
  assert.ok(compose.services.redis.image.includes("redis"));
  assert.ok(gateway.depends_on.includes("redis"));
  assert.match(gateway.environment.FERRYLLM_REDIS_URL, /^redis:\/\/redis:6379$/);

  const [configPath] = gateway.volumes.map((v: string) => v.split(":")).filter((v: string[]) =>
    v[1] === "/etc/ferryllm/ferryllm.toml"
  );
  const loaded = gatewayConfig(read(`deploy/${configPath[0].replace(/^\.\//, "")}`), "compose");
  assert.equal(loaded.config.auth.enabled, true, "a listen on all interfaces needs auth");
  assert.equal(loaded.config.state.backend, "redis", "the replicas share state");
  assert.equal(loaded.config.state.url_env, "FERRYLLM_REDIS_URL");
  const port = listenPort(loaded);
  assert.match(gateway.ports[0], new RegExp(`:${port}$`));
  assert.equal(gateway.stop_signal, "SIGTERM");

  const prometheusVolume = compose.services.prometheus.volumes[0].split(":");
  const [prometheus] = yamlDocs(`deploy/${prometheusVolume[0].replace(/^\.\//, "")}`);
  const job = prometheus.scrape_configs[0];
  assert.deepEqual(job.dns_sd_configs[0].names, ["gateway"]);
  assert.equal(job.dns_sd_configs[0].port, port);
  await assertServed(loaded, job.metrics_path);
});

Deno.test("the Containerfile and the image's baked config agree on port 3000 and /healthz", async () => {
  const containerfile = read("Containerfile");
  const loaded = gatewayConfig(read("deploy/ferryllm.toml"), "deploy/ferryllm.toml");
  const port = listenPort(loaded);
  assert.match(containerfile, new RegExp(`^EXPOSE ${port}$`, "m"));
  const health = /"--url", "http:\/\/127\.0\.0\.1:(\d+)(\/\w+)"/.exec(containerfile);
  assert.ok(health, "HEALTHCHECK probes a URL");
  assert.equal(Number(health[1]), port);
  await assertServed(loaded, health[2]);
  assert.equal(loaded.config.auth.enabled, true);
  assert.match(containerfile, /^STOPSIGNAL SIGTERM$/m);
  assert.match(containerfile, /^USER 65532:65532$/m);
});
