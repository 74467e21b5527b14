import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/api/regions.js';
import { CONFIRM_MODES, settingVariables } from '../../src/config.js';
import { ROOT } from './pack.js';

const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8'));

interface EnvVar {
  name: string;
  isSecret?: boolean;
  choices?: string[];
}

/** MCP Registry: server.json on the 2025-12-11 format, checked against registry/server.schema.json (its source is noted there). */
describe('server.json (MCP Registry)', () => {
  const server = read('server.json');
  const pkg = read('package.json');

  it('is valid against the vendored schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(read('registry/server.schema.json'));
    expect(validate(server), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(server.$schema).toBe('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
    // and the schema refuses what the format refuses: a range for a version, a package without a transport, snake_case.
    expect(validate({ ...server, version: '^1.0.0' })).toBe(false);
    expect(validate({ ...server, packages: [{ ...server.packages[0], transport: undefined }] })).toBe(false);
    expect(validate({ ...server, version_detail: { version: '1.0.0' } })).toBe(false);
    expect(validate({ ...server, name: 'no-namespace' })).toBe(false);
  });

  it('names the npm package of package.json: mcpName, name and version match', () => {
    expect(pkg.mcpName).toBe(server.name);
    expect(server.version).toBe(pkg.version);
    const npm = server.packages.find((p: { registryType: string }) => p.registryType === 'npm');
    expect(npm).toMatchObject({ identifier: pkg.name, version: pkg.version, transport: { type: 'stdio' } });
  });

  it('lists the variables of the config module (every stdio one, no other), secrets marked', () => {
    const vars = server.packages[0].environmentVariables as EnvVar[];
    const config = settingVariables();
    // The hosted HTTP settings (the OAuth connector's included) belong to a server a team runs (remotes), not to the npm package a client starts.
    const stdio = config.filter((v) => !/^(MCP_|REDIS_URL$|CONTENTSTACK_OAUTH_(CLIENT_ID|CLIENT_SECRET|APP_UID|SCOPES_IF_UNSTATED)$)/.test(v.env));
    expect(vars.map((v) => v.name).sort()).toEqual(stdio.map((v) => v.env).sort());
    for (const v of vars) expect(Boolean(v.isSecret), v.name).toBe(config.find((c) => c.env === v.name)!.secret);
    expect(vars.find((v) => v.name === 'CONTENTSTACK_REGION')?.choices).toEqual(Object.keys(REGIONS));
    expect(vars.find((v) => v.name === 'PERSONALIZE_CONFIRM')?.choices).toEqual([...CONFIRM_MODES]);
  });

  it('has a remotes template for the hosted HTTP, its token header secret', () => {
    expect(server.remotes[0]).toMatchObject({ type: 'streamable-http', url: 'https://{host}/mcp' });
    expect(server.remotes[0].headers[0]).toMatchObject({ name: 'Authorization', isSecret: true });
  });
});
