import { Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// "The name must be unique in the Region in which you are creating the stack", and names are case
// sensitive (CreateStack, `StackName`): two stacks of one app with the same name,
// account and region are one stack, and deploying the second replaces the first one's template, deleting
// the resources only the first one has. CDK's synth does not catch it, in one Stage or across Stages (each
// Stage is a cloud assembly of its own, but deploys into the same accounts), so the library's stacks
// check their own names against every stack of the app at synth: a stack added after them counts too.
// Only the library's stacks report: two stacks of the user's own are the user's business.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html

const libraryStacks = new WeakSet<Stack>();

/** Every top-level stack below `scope`, through Stages; nested stacks are named by CloudFormation. */
function stacksBelow(scope: IConstruct, found: Stack[] = []): Stack[] {
  for (const child of scope.node.children) {
    if (Stack.isStack(child)) {
      if (!child.nested) found.push(child);
    } else {
      stacksBelow(child, found);
    }
  }
  return found;
}

/** The stack's name, account and region, or undefined when the account or region is not known at synth. */
function placeOf(stack: Stack): string | undefined {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) || Token.isUnresolved(stack.stackName)) return undefined;
  return `${stack.stackName}|${stack.account}|${stack.region}`;
}

/** How to rename a stack of the library, by the prop that names it. */
const FIXES = {
  stackNamePrefix:
    'Give each graph its own `stackNamePrefix`; in Stages that deploy to the same accounts, put the stage name in it (the default, with no `stackNamePrefix`, starts with the stage name).',
  stackName:
    'Give the stack another `stackName` (`CrossAccountSecretAccess` names its stacks after its id and its stage: give it another id, or put it in a Stage with another name).',
};

/**
 * Fails synth when another stack of the app has this library stack's name in its account and region.
 * `namedBy` is the prop the message tells the user to change.
 */
export function checkStackNameUnique(stack: Stack, namedBy: keyof typeof FIXES): void {
  const fix = FIXES[namedBy];
  libraryStacks.add(stack);
  stack.node.addValidation({
    validate: () => {
      const place = placeOf(stack);
      if (place === undefined) return [];
      return (
        stacksBelow(stack.node.root)
          .filter((other) => other !== stack && placeOf(other) === place)
          // Each Stage validates apart, so each reports; in one Stage, two of the library's report the pair once.
          .filter((other) => !(libraryStacks.has(other) && Stage.of(other) === Stage.of(stack) && other.node.path < stack.node.path))
          .map(
            (other) =>
              `Stack name "${stack.stackName}" in account ${stack.account}, ${stack.region} is also the name of stack "${other.node.path}": ` +
              'CloudFormation has one stack per name in an account and region, so deploying one would replace the other. ' +
              fix,
          )
      );
    },
  });
}
