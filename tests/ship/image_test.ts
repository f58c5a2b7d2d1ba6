/**
 * The container image, proven without running a container (crun cannot here): `deno task image`
 * builds the Containerfile FROM scratch with podman; the image config carries the user, port,
 * stop signal, health check and OCI labels; and its filesystem, mounted with
 * `podman image mount` and entered with chroot as the image's non-root user, runs
 * `ferryllm version` and `ferryllm serve` on the baked-in config, answering a chat request.
 */
import assert from "node:assert/strict";
import { VERSION } from "../../lib/version.ts";

const root = new URL("../../", import.meta.url).pathname;
const TAG = `localhost/ferryllm:${VERSION}`;
const USER = "65532:65532";

async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(command, {
    args,
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

async function ok(command: string, args: string[]): Promise<string> {
  const out = await run(command, args);
  assert.equal(out.code, 0, `${command} ${args.join(" ")}:\n${out.stdout}${out.stderr}`);
  return out.stdout;
}

/** Serves from the mounted image as its user; resolves with the URL once it listens. */
async function serveInImage(mountpoint: string, env: Record<string, string>) {
  const child = new Deno.Command("chroot", {
    args: [
      `--userspec=${USER}`,
      mountpoint,
      "/usr/local/bin/ferryllm",
      "serve",
      "--config",
      "/etc/ferryllm/ferryllm.toml",
      "--listen",
      "127.0.0.1:0",
    ],
    clearEnv: true,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let seen = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`serve ended before listening:\n${seen}\n${await stderr}`);
    seen += value;
    url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
  }
  clearTimeout(timer);
  const drained = (async () => {
    while (!(await reader.read()).done) { /* keep the pipe flowing */ }
  })();
  return {
    url,
    async stop(): Promise<number> {
      child.kill("SIGTERM");
      const status = await child.status;
      await drained;
      await stderr;
      return status.code;
    },
  };
}

Deno.test("the image built FROM scratch runs ferryllm version and serve from its own filesystem", async (t) => {
  const started = performance.now();
  await ok(Deno.execPath(), ["task", "image"]);
  console.log(`deno task image: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await t.step(
    "the image config: non-root, port 3000, SIGTERM, health check, OCI labels",
    async () => {
      const [image] = JSON.parse(await ok("podman", ["image", "inspect", TAG]));
      const config = image.Config;
      assert.equal(config.User, USER);
      assert.deepEqual(Object.keys(config.ExposedPorts), ["3000/tcp"]);
      assert.equal(config.StopSignal, "SIGTERM");
      assert.deepEqual(config.Entrypoint, ["/usr/local/bin/ferryllm"]);
      assert.deepEqual(config.Cmd, ["serve", "--config", "/etc/ferryllm/ferryllm.toml"]);
      assert.deepEqual(image.Healthcheck.Test.slice(0, 3), [
        "CMD",
        "/usr/local/bin/ferryllm",
        "healthcheck",
      ]);
      const labels = config.Labels;
      assert.equal(labels["org.opencontainers.image.version"], VERSION);
      assert.equal(labels["org.opencontainers.image.licenses"], "MIT");
      assert.match(labels["org.opencontainers.image.source"], /^https:\/\//);
      assert.match(labels["org.opencontainers.image.revision"], /^[0-9a-f]{12}$/);
      console.log(`image size: ${(image.Size / 1e6).toFixed(0)} MB`);
    },
  );

  const mountpoint = (await ok("podman", ["image", "mount", TAG])).trim();
  // Bun's single binary reads itself through /proc/self/exe; a container runtime mounts /proc.
  await ok("mount", ["-t", "proc", "proc", `${mountpoint}/proc`]);
  try {
    await t.step("nothing but the binary, its libraries, config and users", async () => {
      const found = (await ok("find", [mountpoint, "-xdev", "-type", "f"])).trim().split("\n")
        .map((path) => path.slice(mountpoint.length)).filter((path) => !path.startsWith("/proc/"));
      assert.ok(found.includes("/usr/local/bin/ferryllm"), found.join("\n"));
      assert.ok(found.includes("/etc/ferryllm/ferryllm.toml"));
      assert.ok(!found.includes("/bin/sh"), "a shell in a scratch image");
      assert.ok(found.length < 20, found.join("\n"));
    });

    await t.step("chroot ferryllm version", async () => {
      const version = await ok("chroot", [
        `--userspec=${USER}`,
        mountpoint,
        "/usr/local/bin/ferryllm",
        "version",
      ]);
      assert.match(
        version,
        new RegExp(`^ferryllm ${VERSION.replaceAll(".", "\\.")}\\ncommit: [0-9a-f]{12}\\n`),
      );
      assert.match(version, /^runtime: bun /m);
    });

    await t.step("chroot ferryllm serve answers a chat request with a gateway key", async () => {
      const server = await serveInImage(mountpoint, { FERRYLLM_API_KEYS: "image-test-key" });
      try {
        const body = {
          model: "any",
          messages: [{ role: "user", content: "hello from the image" }],
        };
        const refused = await fetch(`${server.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        await refused.body?.cancel();
        assert.equal(refused.status, 401);
        const answered = await fetch(`${server.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer image-test-key" },
          body: JSON.stringify(body),
        });
        const reply = await answered.json();
        assert.equal(answered.status, 200, JSON.stringify(reply));
        assert.equal(reply.choices[0].message.content, "echo: hello from the image");
        const health = await run("chroot", [
          `--userspec=${USER}`,
          mountpoint,
          "/usr/local/bin/ferryllm",
          "healthcheck",
          "--url",
          `${server.url}/healthz`,
        ]);
        assert.equal(health.code, 0, health.stderr);
      } finally {
        assert.equal(await server.stop(), 0);
      }
    });
  } finally {
    await run("umount", [`${mountpoint}/proc`]);
    await run("podman", ["image", "unmount", TAG]);
  }
});
