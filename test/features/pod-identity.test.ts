import { onlyResource, synthesize, withProps } from '../support/helpers';

const POD_IDENTITY = withProps({ workload: { oidcIssuers: undefined, podIdentity: { clusterName: 'prod-cluster' } } });

describe('EKS Pod Identity', () => {
  test('trust policy: pods.eks.amazonaws.com may AssumeRole and TagSession, only for sessions tagged with this cluster (and so account), namespace and service account', () => {
    const trust = onlyResource(synthesize(POD_IDENTITY).workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument;
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111111111111:cluster/prod-cluster',
              'aws:RequestTag/kubernetes-namespace': 'testnamespace',
              'aws:RequestTag/kubernetes-service-account': 'testapp',
            },
          },
        },
      ],
    });
  });

  test('trust policy has no web identity (no OIDC provider is trusted)', () => {
    const text = JSON.stringify(onlyResource(synthesize(POD_IDENTITY).workload, 'AWS::IAM::Role').properties.AssumeRolePolicyDocument);
    expect(text).not.toContain('AssumeRoleWithWebIdentity');
    expect(text).not.toContain('oidc-provider');
  });

  test('creates the Pod Identity association for the cluster, namespace and service account, with the role', () => {
    const { workload } = synthesize(POD_IDENTITY);
    const role = onlyResource(workload, 'AWS::IAM::Role').logicalId;
    expect(onlyResource(workload, 'AWS::EKS::PodIdentityAssociation').properties).toEqual({
      ClusterName: 'prod-cluster',
      Namespace: 'testnamespace',
      ServiceAccount: 'testapp',
      RoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
    });
  });

  test('leaves the role permissions, secret policy and key policy as with IRSA (they name the role)', () => {
    const irsa = synthesize();
    const podIdentity = synthesize(POD_IDENTITY);
    expect(podIdentity.workload.findResources('AWS::IAM::ManagedPolicy')).toEqual(irsa.workload.findResources('AWS::IAM::ManagedPolicy'));
    expect(podIdentity.secret.toJSON()).toEqual(irsa.secret.toJSON());
    expect(podIdentity.key.toJSON()).toEqual(irsa.key.toJSON());
  });

  test('the role description names the identity mechanism', () => {
    expect(onlyResource(synthesize(POD_IDENTITY).workload, 'AWS::IAM::Role').properties.Description).toBe(
      'Assumed by EKS Pod Identity for service account testnamespace/testapp',
    );
  });
});
