import { App } from 'aws-cdk-lib';
import { invalidProp } from '../lib/private/input/errors';
import { nearest } from '../lib/private/input/suggest';

/**
 * Rejects a context key that looks like one of the example app's settings but is not one
 * (`-c secretname=...`, `-c workloadaccount=...`): without this check the app would ignore it and
 * silently use the default. Keys that resemble no setting are left alone, as are CDK's own keys
 * (`@aws-cdk/...`, `aws:cdk:...`, any key with a namespace), which the CLI and cdk.json add.
 */
export function rejectMisspeltContext(app: App, settings: readonly string[]): void {
  const context: Record<string, unknown> = app.node.getAllContext();
  for (const key of Object.keys(context)) {
    if (settings.includes(key) || key.startsWith('@') || key.includes(':')) continue;
    // `-c region=...` could mean any setting that ends with it (workloadRegion, secretRegion).
    const endings = key.length >= 4 ? settings.filter((s) => s.toLowerCase().endsWith(key.toLowerCase())) : [];
    const guesses = endings.length > 0 ? endings : [nearest(key, settings)].filter((g) => g !== undefined);
    if (guesses.length > 0) {
      const meant = guesses.map((g) => `\`${g}\``).join(' or ');
      throw invalidProp('example app', key, context[key], `is not a context key of the example app: did you mean ${meant}?`);
    }
  }
}
