// PUBLIC_BASE_URL: where feed URLs point (and opt-out links).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { StartupError } from '../../src/startup-error.js';

describe('PUBLIC_BASE_URL', () => {
  it('defaults to HOST and PORT (http://localhost:3000) and loses a trailing slash', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(
      loadConfig({ PUBLIC_BASE_URL: 'https://Cal.Clinic.example/orderly/' }).publicBaseUrl,
    ).toBe('https://cal.clinic.example/orderly');
  });

  it('must be an http(s) URL without query, fragment or credentials', () => {
    for (const bad of [
      'cal.clinic.example',
      'ftp://x.example',
      'https://x.example/?a=1',
      'https://u:p@x.example',
      'https://x.example/#f',
    ]) {
      expect(() => loadConfig({ PUBLIC_BASE_URL: bad }), bad).toThrow(StartupError);
      expect(() => loadConfig({ PUBLIC_BASE_URL: bad }), bad).toThrow(/PUBLIC_BASE_URL/);
    }
  });
});
