import { IResolvable, IResolveContext, Intrinsic, Reference, Token, Tokenization } from 'aws-cdk-lib';

// A cluster's issuer or name from the same app is a token, which a string shows as `${Token[TOKEN.141]}`:
// a number that says nothing to a reviewer and changes with every construct created before it, so two apps
// of one definition would describe the same trust differently. The review and the access description show
// instead what CloudFormation will resolve, with resources named by construct path:
// `{"Fn::Select":[1,{"Fn::Split":["//",{"Fn::GetAtt":["Platform/Prod/Resource","OpenIdConnectIssuerUrl"]}]}]}`.

/** How a token is encoded in a string: `${Token[...]}`. */
const STRING_TOKEN = /\$\{Token\[[^\]]*\]\}/g;

/** `Intrinsic.resolve` returns the value it was created with, whatever the context. */
const NO_CONTEXT = {} as IResolveContext;

/** The text with each token replaced by what CloudFormation will resolve it from; a text without one as it is. */
export function labelTokens(text: string): string {
  if (!Token.isUnresolved(text)) return text;
  return text.replace(STRING_TOKEN, (encoded) => label(Tokenization.reverseString(encoded).firstToken));
}

/**
 * A token as a label: the JSON of the intrinsic function CloudFormation resolves, with the construct path of
 * each resource it refers to in place of its logical ID.
 */
function label(token: IResolvable | undefined): string {
  const value = labelled(token);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function labelled(token: IResolvable | undefined): unknown {
  if (token instanceof Reference) {
    const path = token.target.node.path;
    return token.displayName === 'Ref' ? { Ref: path } : { 'Fn::GetAtt': [path, token.displayName] };
  }
  if (token instanceof Intrinsic) return plain(token.resolve(NO_CONTEXT));
  return '(a value resolved at deployment)';
}

/** A value inside an intrinsic function, with its references and tokens as labels. */
function plain(value: unknown): unknown {
  if (typeof value === 'string') {
    const fragments = Tokenization.reverseString(value);
    return fragments.length === 1 && fragments.firstToken ? labelled(fragments.firstToken) : labelTokens(value);
  }
  if (Array.isArray(value)) {
    const list = Tokenization.reverseList(value);
    return list ? labelled(list) : value.map(plain);
  }
  if (value instanceof Reference || value instanceof Intrinsic) return labelled(value);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [labelTokens(key), plain(item)]));
  }
  return value;
}
