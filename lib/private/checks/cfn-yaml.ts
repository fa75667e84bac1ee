import { parse, ScalarTag, CollectionTag } from 'yaml';

// CloudFormation's YAML short forms (`!Ref`, `!Sub`, `!GetAtt`, ...) become the JSON forms the rules read.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
];

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function tagsFor(name: string): Array<ScalarTag | CollectionTag> {
  const key = longForm(name);
  const tag = `!${name}`;
  return [
    {
      tag,
      // `!GetAtt Resource.Attribute` is the short form of `Fn::GetAtt: [Resource, Attribute]`.
      resolve: (value: string) => ({
        [key]: name === 'GetAtt' ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] : value,
      }),
    },
    { tag, collection: 'seq', resolve: (value) => ({ [key]: value.toJSON() }) },
    { tag, collection: 'map', resolve: (value) => ({ [key]: value.toJSON() }) },
  ];
}

const CUSTOM_TAGS = ['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsFor);

/** Parses a CloudFormation template written in YAML. Throws on invalid YAML. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CUSTOM_TAGS, prettyErrors: true });
}
