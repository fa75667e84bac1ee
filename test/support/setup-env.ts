// aws-cdk-lib validates every synthesized template against the CloudFormation schemas and rules. That
// costs seconds per test file (the rules load on the first synth), and most suites test policies, not
// templates' conformance; `npm test` must stay fast on two cores. So it is off by default here, and the
// suites whose subject it is (the example app, the graph, target roles) turn it back on at their top
// with `delete process.env.CDK_VALIDATION`. Jest gives each test file its own process.env.
process.env.CDK_VALIDATION = 'false';
