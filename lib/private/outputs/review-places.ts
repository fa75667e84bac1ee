import { CfnElement, Stack } from 'aws-cdk-lib';
import { existingSecretId } from '../model/identifiers';
import { policyLeftToOwners } from '../model/model';
import { RenderedParts } from '../render/rendered-parts';
import { PolicyPlace, ReviewPlaces } from './access-review';

// The review names each statement by the stack and logical ID of the resource that holds it.

function placeOf(element: CfnElement): PolicyPlace {
  const stack = Stack.of(element);
  return { stackName: stack.stackName, logicalId: stack.resolve(element.logicalId) as string };
}

/** Where the review finds each part's statements. */
export function reviewPlaces(parts: RenderedParts): ReviewPlaces {
  return {
    workload: (w) => {
      const r = parts.workload(w);
      return {
        role: placeOf(r.role),
        permissions: r.permissionsPolicies.map(placeOf),
        podIdentityAssociations: r.podIdentityAssociations.map(placeOf),
        targetRole: r.targetRole && placeOf(r.targetRole),
        targetPermissions: r.targetPermissionsPolicies?.map(placeOf),
      };
    },
    secret: (s) => {
      const r = parts.secret(s);
      if (policyLeftToOwners(s)) {
        const owners = { stackName: 'the existing secret (its owners add the statements)', logicalId: existingSecretId(s) };
        return { secret: owners, resourcePolicy: owners };
      }
      const policy = placeOf(r.resourcePolicy!);
      return { secret: r.secret ? placeOf(r.secret) : { stackName: policy.stackName, logicalId: s.name }, resourcePolicy: policy };
    },
    key: (k) => {
      const key = parts.key(k);
      return key ? { key: placeOf(key) } : { key: { stackName: 'the existing key (its owners add the statements)', logicalId: k.keyArn! } };
    },
  };
}
