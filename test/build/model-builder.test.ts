import { CrossAccountSecretAccessProps } from '../../lib/cross-account-secret-access-props';
import { modelFromAccessProps } from '../../lib/private/build/from-access-props';
import { ModelBuilder } from '../../lib/private/build/model-builder';
import { propPath } from '../../lib/private/input/prop-path';
import { AccessModel, grantedSecretsEncryptedWith, readersOf, secretsEncryptedWith, secretsOf } from '../../lib/private/model/model';
import { keyPolicy } from '../../lib/private/policies/key-policy';
import { GrantPrincipal } from '../../lib/workload-props';
import {
  addKey,
  addSecret,
  addWorkload,
  BLUE_ISSUER,
  GRANT,
  importKey,
  irsa,
  KEY_ACCOUNT,
  KEY_ID,
  podIdentity,
  SECRET_ACCOUNT,
  site,
  WORKLOAD_ACCOUNT,
} from './model-fixtures';

describe('grants', () => {
  test('grants are kept in the order they were given', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web');
    const worker = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'worker-role' }, 'G/Worker');

    model.grant(GRANT, web, api);
    model.grant(GRANT, worker, db);
    model.grant(GRANT, web, db);

    expect(model.grants).toEqual([
      { workload: web, secret: api },
      { workload: worker, secret: db },
      { workload: web, secret: db },
    ]);
    expect(model.grants[0].workload).toBe(web);
    expect(model.grants[0].secret).toBe(api);
  });

  test('a first grant returns true', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model));
    const workload = addWorkload(model);

    expect(model.grant(GRANT, workload, secret)).toBe(true);
  });

  test('granting the same secret to the same workload twice returns false and adds nothing', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model));
    const workload = addWorkload(model);
    model.grant(GRANT, workload, secret);

    expect(model.grant(GRANT, workload, secret)).toBe(false);
    expect(model.grants).toEqual([{ workload, secret }]);
  });

  test("a workload's secrets and a secret's readers are looked up in grant order, as a plain model's grants give them", () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const db = addSecret(model, key, { secretName: 'app/db' }, 'G/Db');
    const api = addSecret(model, key, { secretName: 'app/api' }, 'G/ApiKey');
    const unread = addSecret(model, key, { secretName: 'app/unread' }, 'G/Unread');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web');
    const worker = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'worker-role' }, 'G/Worker');
    model.grant(GRANT, web, api);
    model.grant(GRANT, worker, db);
    model.grant(GRANT, web, db);
    model.grant(GRANT, web, api);
    const plain: AccessModel = { keys: model.keys, secrets: model.secrets, workloads: model.workloads, grants: [...model.grants] };

    expect(secretsOf(web, model)).toEqual([api, db]);
    expect(readersOf(db, model)).toEqual([worker, web]);
    expect(readersOf(unread, model)).toEqual([]);
    for (const workload of [web, worker]) expect(secretsOf(workload, model)).toEqual(secretsOf(workload, plain));
    for (const secret of [db, api, unread]) expect(readersOf(secret, model)).toEqual(readersOf(secret, plain));
  });

  test("a key's secrets are looked up in the order they were added, and its granted ones in the order of their first grant", () => {
    const model = new ModelBuilder();
    const [team, other] = [addKey(model), addKey(model, { alias: 'other' }, 'G/Other')];
    const db = addSecret(model, team, { secretName: 'app/db' }, 'G/Db');
    const elsewhere = addSecret(model, other, { secretName: 'app/elsewhere' }, 'G/Elsewhere');
    const api = addSecret(model, team, { secretName: 'app/api' }, 'G/ApiKey');
    const unread = addSecret(model, team, { secretName: 'app/unread' }, 'G/Unread');
    const web = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'web-role' }, 'G/Web');
    const worker = addWorkload(model, irsa(BLUE_ISSUER), { roleName: 'worker-role' }, 'G/Worker');
    model.grant(GRANT, web, api);
    model.grant(GRANT, worker, elsewhere);
    model.grant(GRANT, worker, db);
    model.grant(GRANT, web, db);
    const plain: AccessModel = { keys: model.keys, secrets: model.secrets, workloads: model.workloads, grants: [...model.grants] };

    expect(secretsEncryptedWith(team, model)).toEqual([db, api, unread]);
    expect(grantedSecretsEncryptedWith(team, model)).toEqual([api, db]);
    expect(grantedSecretsEncryptedWith(other, model)).toEqual([elsewhere]);
    for (const key of [team, other]) {
      expect(secretsEncryptedWith(key, model)).toEqual(secretsEncryptedWith(key, plain));
      expect(grantedSecretsEncryptedWith(key, model)).toEqual(grantedSecretsEncryptedWith(key, plain));
      expect(keyPolicy(key, model)).toEqual(keyPolicy(key, plain));
    }
  });

  test('the lists looked up are copies: changing one changes no later look-up', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model));
    const workload = addWorkload(model);
    model.grant(GRANT, workload, secret);

    secretsOf(workload, model).pop();
    readersOf(secret, model).pop();

    expect(secretsOf(workload, model)).toEqual([secret]);
    expect(readersOf(secret, model)).toEqual([workload]);
  });
});

describe('parts', () => {
  test('each part is added to its list, in the order it was added', () => {
    const model = new ModelBuilder();
    const created = addKey(model);
    const existing = importKey(model);
    const first = addSecret(model, created, { secretName: 'app/first' });
    const second = addSecret(model, existing, { secretName: 'app/second' });
    const workload = addWorkload(model);

    expect(model.keys).toEqual([created, existing]);
    expect(model.secrets).toEqual([first, second]);
    expect(model.workloads).toEqual([workload]);
    expect(model.grants).toEqual([]);
  });

  test("a part's path is the site's construct path when the site does not place it", () => {
    const model = new ModelBuilder();
    const key = addKey(model, {}, 'G/Key');

    expect(key.path).toBe('G/Key');
  });

  test("`place` sets the model's path from the part's validated account and region", () => {
    const model = new ModelBuilder();
    const seen: unknown[] = [];
    const place = (part: { account: string; region: string }) => {
      seen.push({ ...part });
      return `G/Keys-${part.account}-${part.region}/Key`;
    };
    const key = model.addKey(
      site('G/Key', place),
      { account: KEY_ACCOUNT, region: 'us-east-1', alias: 'app-secrets' },
      { description: 'd', keyArnProp: 'keyArn' },
    );

    expect(key.path).toBe(`G/Keys-${KEY_ACCOUNT}-us-east-1/Key`);
    expect(model.keys[0].path).toBe(key.path);
    expect(seen).toEqual([expect.objectContaining({ account: KEY_ACCOUNT, region: 'us-east-1' })]);
  });

  test('`place` sets the path of secrets and workloads too', () => {
    const model = new ModelBuilder();
    const key = addKey(model);
    const secret = model.addSecret(
      site('G/Secret', (p) => `G/Secrets-${p.account}/Secret`),
      { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/db' },
      key,
      'd',
    );
    const workload = model.addWorkload(
      site('G/Api', (p) => `G/Workloads-${p.account}/Api`),
      { account: WORKLOAD_ACCOUNT, region: 'eu-west-1', namespace: 'shop', serviceAccount: 'api' },
      irsa(BLUE_ISSUER),
    );

    expect(secret.path).toBe(`G/Secrets-${SECRET_ACCOUNT}/Secret`);
    expect(workload.path).toBe(`G/Workloads-${WORKLOAD_ACCOUNT}/Api`);
  });

  test("`pin` gives a created key its exact ARN, read from the parsed key's account and region", () => {
    const model = new ModelBuilder();
    const arn = `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/${KEY_ID}`;
    const key = model.addKey(
      site('G/Key'),
      { account: KEY_ACCOUNT, region: 'eu-west-1', alias: 'app-secrets' },
      { description: 'd', keyArnProp: 'keyArn', pin: (parsed) => (parsed.alias === 'alias/app-secrets' ? arn : undefined) },
    );

    expect(key.keyArn).toBe(arn);
    expect(key.existing).toBeUndefined();
    expect(key.label).toBe('alias/app-secrets');
  });

  test('an imported key is existing, labelled by its key ID, in the account and region of its ARN', () => {
    const model = new ModelBuilder();
    const key = importKey(model, 'eu-central-1');
    const arn = `arn:aws:kms:eu-central-1:${KEY_ACCOUNT}:key/${KEY_ID}`;

    expect(key).toMatchObject({
      account: KEY_ACCOUNT,
      region: 'eu-central-1',
      label: `key/${KEY_ID}`,
      keyArn: arn,
      existing: { keyArn: arn },
    });
    expect(key.alias).toBeUndefined();
  });

  test('an imported secret may have no key', () => {
    const model = new ModelBuilder();
    const secret = model.importSecret(
      site('G/Imported'),
      { account: SECRET_ACCOUNT, region: 'us-east-1', secretName: 'app/legacy' },
      undefined,
    );

    expect(secret.key).toBeUndefined();
    expect(secret.existing).toEqual({ secretId: 'app/legacy', manageResourcePolicy: false });
    expect(model.secrets).toEqual([secret]);
  });

  test('a workload created with `createOidcProviders` is marked so; without it the field is absent', () => {
    const model = new ModelBuilder();
    const creating = model.addWorkload(
      site('G/Api'),
      { account: WORKLOAD_ACCOUNT, region: 'eu-west-1', namespace: 'shop', serviceAccount: 'api' },
      { ...irsa(BLUE_ISSUER), createOidcProviders: { prop: 'createOidcProvider', value: true } },
    );
    const existing = model.addWorkload(
      site('G/Web'),
      { account: WORKLOAD_ACCOUNT, region: 'eu-west-1', namespace: 'shop', serviceAccount: 'web' },
      { ...irsa(BLUE_ISSUER), createOidcProviders: { prop: 'createOidcProvider', value: false } },
    );

    expect(creating.createOidcProviders).toBe(true);
    expect('createOidcProviders' in existing).toBe(false);
  });
});

describe('a key and its secrets are in one region', () => {
  const message = (prop: string, where = 'G/Secret') =>
    `[${where}] \`${prop}\` "eu-west-1" differs from the region "us-east-1" of its key alias/app-secrets: Secrets Manager can only use a KMS key in the secret's region; give the secret and its key one region.`;

  test('addSecret rejects a secret in another region than its key, naming `region`', () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'us-east-1' });

    expect(() => addSecret(model, key, { region: 'eu-west-1' })).toThrow(new Error(message('region')));
  });

  test("addSecret names the region property as the caller's site spells it", () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'us-east-1' });
    const prefixed = { where: 'App/Access', prop: propPath('secret') };

    expect(() => model.addSecret(prefixed, { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/db' }, key, 'd')).toThrow(
      new Error(message('secret.region', 'App/Access')),
    );
  });

  test('importSecret rejects a secret in another region than the key it names', () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'us-east-1' });

    expect(() =>
      model.importSecret(site('G/Secret'), { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/legacy' }, key),
    ).toThrow(new Error(message('region')));
  });

  test('importSecret by ARN rejects a secret in another region than the key it names, naming `secretArn` (the region came from it)', () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'us-east-1' });
    const secretArn = `arn:aws:secretsmanager:eu-west-1:${SECRET_ACCOUNT}:secret:app/legacy-AbCdEf`;

    expect(() => model.importSecret(site('G/Secret'), { secretArn }, key)).toThrow(
      new Error(
        '[G/Secret] the region "eu-west-1" of `secretArn` differs from the region "us-east-1" of its key alias/app-secrets: Secrets Manager can only use a KMS key in the secret\'s region; give the secret and its key one region.',
      ),
    );
  });

  test('a secret rejected for its region is not added to the model', () => {
    const model = new ModelBuilder();
    const key = addKey(model, { region: 'us-east-1' });

    expect(() => addSecret(model, key, { region: 'eu-west-1' })).toThrow();
    expect(model.secrets).toEqual([]);
  });
});

describe('how a workload is trusted', () => {
  test('a workload with neither OIDC issuers nor Pod Identity clusters is rejected, naming both lists', () => {
    const model = new ModelBuilder();

    expect(() => addWorkload(model, irsa())).toThrow(
      new Error(
        '[G/Api] `oidcIssuers` and `podIdentityClusters` are both missing or empty: give the OIDC issuer URLs of the clusters (IRSA), the names of the clusters (EKS Pod Identity), or both.',
      ),
    );
    expect(model.workloads).toEqual([]);
  });

  test('creating OIDC providers without OIDC issuers is rejected, naming the property that asked', () => {
    const model = new ModelBuilder();

    expect(() =>
      addWorkload(model, { ...podIdentity(['blue']), createOidcProviders: { prop: 'createOidcProvider', value: true } }),
    ).toThrow(
      new Error(
        '[G/Api] `createOidcProvider` is set but `oidcIssuers` is missing or empty: give the OIDC issuer URLs of the clusters whose providers to create.',
      ),
    );
  });

  const targetRoleAlone =
    '[G/Api] `podIdentityTargetRole` needs EKS Pod Identity alone: a target role is assumed by EKS Pod Identity, so give Pod Identity clusters and no OIDC issuers (IRSA would read the secrets with the pod role itself).';

  test('a target role with IRSA only is rejected', () => {
    const model = new ModelBuilder();
    const trust = { ...irsa(BLUE_ISSUER), targetRole: { prop: 'podIdentityTargetRole', value: { account: SECRET_ACCOUNT } } };

    expect(() => addWorkload(model, trust)).toThrow(new Error(targetRoleAlone));
  });

  test('a target role with both IRSA and Pod Identity is rejected', () => {
    const model = new ModelBuilder();
    const trust = { ...podIdentity(['blue'], { account: SECRET_ACCOUNT }), oidcIssuers: irsa(BLUE_ISSUER).oidcIssuers };

    expect(() => addWorkload(model, trust)).toThrow(new Error(targetRoleAlone));
  });

  test('the ROLE_ARN grant principal with a target role is rejected', () => {
    const model = new ModelBuilder();

    expect(() =>
      addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT }), { grantPrincipal: GrantPrincipal.ROLE_ARN }),
    ).toThrow(
      new Error(
        '[G/Api] `grantPrincipal` ROLE_ARN cannot be used with `podIdentityTargetRole`: the key policy would name the target role, which is created after the key; use the default principal.',
      ),
    );
    expect(model.workloads).toEqual([]);
  });

  test('a target role with Pod Identity alone is accepted, in the given account', () => {
    const model = new ModelBuilder();
    const workload = addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT, roleName: 'reader' }));

    expect(workload.targetRole).toEqual({ account: SECRET_ACCOUNT, roleName: 'reader', rolePath: '/eks-secrets/' });
    expect(workload.podIdentitySessionTags).toBe(true);
  });
});

describe('grants the builder refuses', () => {
  test('a grant across partitions is rejected, naming the grant and both regions', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model, { region: 'cn-north-1' }), { region: 'cn-north-1' });
    const workload = addWorkload(model, irsa(BLUE_ISSUER), { region: 'eu-west-1' });

    expect(() => model.grant(GRANT, workload, secret)).toThrow(
      new Error(
        '[G/Secret] grantRead(Api): regions "eu-west-1" and "cn-north-1" are in different AWS partitions (aws, aws-cn): IAM cannot grant across partitions; use regions of one partition.',
      ),
    );
    expect(model.grants).toEqual([]);
  });

  test('a grant across regions of one partition is accepted', () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model, { region: 'us-east-1' }), { region: 'us-east-1' });
    const workload = addWorkload(model, irsa(BLUE_ISSUER), { region: 'eu-west-1' });

    expect(model.grant(GRANT, workload, secret)).toBe(true);
  });

  test("a grant of a secret outside the target role's account is rejected", () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model), { account: '444444444444' });
    const workload = addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT }));

    expect(() => model.grant(GRANT, workload, secret)).toThrow(
      new Error(
        `[G/Secret] grantRead(Api): the workload reads through its Pod Identity target role in account ${SECRET_ACCOUNT}, and this secret is in account 444444444444: grant it secrets of that account, or add another workload for this account.`,
      ),
    );
    expect(model.grants).toEqual([]);
  });

  test("a grant of a secret in the target role's account is accepted", () => {
    const model = new ModelBuilder();
    const secret = addSecret(model, addKey(model));
    const workload = addWorkload(model, podIdentity(['blue'], { account: SECRET_ACCOUNT }));

    expect(model.grant(GRANT, workload, secret)).toBe(true);
  });
});

describe('modelFromAccessProps', () => {
  function accessProps(
    overrides: {
      workload?: Partial<CrossAccountSecretAccessProps['workload']>;
      secret?: Partial<CrossAccountSecretAccessProps['secret']>;
      key?: Partial<CrossAccountSecretAccessProps['key']>;
    } = {},
  ): CrossAccountSecretAccessProps {
    return {
      workload: {
        account: WORKLOAD_ACCOUNT,
        region: 'eu-west-1',
        oidcIssuers: [`https://${BLUE_ISSUER}`],
        namespace: 'shop',
        serviceAccount: 'api',
        roleName: 'pod-role',
        ...overrides.workload,
      },
      secret: { account: SECRET_ACCOUNT, region: 'eu-west-1', secretName: 'app/db', ...overrides.secret },
      key: { account: KEY_ACCOUNT, alias: 'app-secrets', ...overrides.key },
    };
  }

  test('the props become one key, one secret, one workload and one grant of that workload to that secret', () => {
    const model = modelFromAccessProps('App/Access', accessProps());

    expect(model.keys).toHaveLength(1);
    expect(model.secrets).toHaveLength(1);
    expect(model.workloads).toHaveLength(1);
    expect(model.grants).toHaveLength(1);
    expect(model.grants[0].workload).toBe(model.workloads[0]);
    expect(model.grants[0].secret).toBe(model.secrets[0]);
    expect(model.secrets[0].key).toBe(model.keys[0]);
  });

  test("every part's path is the construct's path", () => {
    const model = modelFromAccessProps('App/Access', accessProps());

    expect([...model.keys, ...model.secrets, ...model.workloads].map((part) => part.path)).toEqual([
      'App/Access',
      'App/Access',
      'App/Access',
    ]);
  });

  test("the key is in the secret's region when `key.region` is not given", () => {
    const model = modelFromAccessProps('App/Access', accessProps({ secret: { region: 'us-east-1' }, workload: { region: 'us-east-1' } }));

    expect(model.keys[0].region).toBe('us-east-1');
    expect(model.keys[0].account).toBe(KEY_ACCOUNT);
  });

  test('`key.alias` gives a key to create, labelled by its alias', () => {
    const [key] = modelFromAccessProps('App/Access', accessProps()).keys;

    expect(key).toMatchObject({ label: 'alias/app-secrets', alias: 'alias/app-secrets' });
    expect(key.existing).toBeUndefined();
    expect(key.keyArn).toBeUndefined();
  });

  test('`key.keyArn` gives an existing key, labelled `key/<id>`', () => {
    const arn = `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:key/${KEY_ID}`;
    const [key] = modelFromAccessProps('App/Access', accessProps({ key: { alias: undefined, keyArn: arn } })).keys;

    expect(key).toMatchObject({
      account: KEY_ACCOUNT,
      region: 'eu-west-1',
      label: `key/${KEY_ID}`,
      keyArn: arn,
      existing: { keyArn: arn },
    });
    expect(key.alias).toBeUndefined();
  });

  test('a workload with `podIdentity.targetRole` reads through a target role in the secret account', () => {
    const model = modelFromAccessProps(
      'App/Access',
      accessProps({
        workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'blue', targetRole: true, targetRoleName: 'reader' } },
      }),
    );

    expect(model.workloads[0].targetRole).toEqual({ account: SECRET_ACCOUNT, roleName: 'reader', rolePath: '/eks-secrets/' });
    expect(model.workloads[0].podIdentityClusters).toEqual(['blue']);
  });

  test('a key in another region than the secret is rejected, naming `secret.region`', () => {
    expect(() => modelFromAccessProps('App/Access', accessProps({ key: { region: 'us-east-1' } }))).toThrow(
      new Error(
        '[App/Access] `secret.region` "eu-west-1" differs from the region "us-east-1" of its key alias/app-secrets: Secrets Manager can only use a KMS key in the secret\'s region; give the secret and its key one region.',
      ),
    );
  });

  test('an existing key in another region than the secret is rejected, naming `secret.region` and the key by its ID', () => {
    const arn = `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:key/${KEY_ID}`;

    expect(() => modelFromAccessProps('App/Access', accessProps({ key: { alias: undefined, keyArn: arn, region: 'us-east-1' } }))).toThrow(
      new Error(
        `[App/Access] \`secret.region\` "eu-west-1" differs from the region "us-east-1" of its key key/${KEY_ID}: Secrets Manager can only use a KMS key in the secret's region; give the secret and its key one region.`,
      ),
    );
  });

  test('a workload with no way to get its role is rejected, naming `workload.oidcIssuers` and `workload.podIdentity`', () => {
    expect(() => modelFromAccessProps('App/Access', accessProps({ workload: { oidcIssuers: undefined } }))).toThrow(
      new Error(
        '[App/Access] `workload.oidcIssuers` and `workload.podIdentity` are both missing or empty: give exactly one, `oidcIssuers` for IAM roles for service accounts or `podIdentity` for EKS Pod Identity.',
      ),
    );
  });

  test('the ROLE_ARN grant principal with a target role is rejected, naming `workload.grantPrincipal` and `workload.podIdentity.targetRole`', () => {
    const props = accessProps({
      workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'blue', targetRole: true }, grantPrincipal: GrantPrincipal.ROLE_ARN },
    });

    expect(() => modelFromAccessProps('App/Access', props)).toThrow(
      new Error(
        '[App/Access] `workload.grantPrincipal` ROLE_ARN cannot be used with `workload.podIdentity.targetRole`: the key policy would name the target role, which is created after the key; use the default principal.',
      ),
    );
  });

  test('a workload and secret in different partitions are rejected, naming `workload.region` and `secret.region`', () => {
    expect(() => modelFromAccessProps('App/Access', accessProps({ workload: { region: 'cn-north-1' } }))).toThrow(
      new Error(
        '[App/Access] `workload.region` and `secret.region`: regions "cn-north-1" and "eu-west-1" are in different AWS partitions (aws-cn, aws): IAM cannot grant across partitions; use regions of one partition.',
      ),
    );
  });
});
