/**
 * Resolvers of accounts: sign-up, log-in and -out, preferences, deletion, and `me`.
 */
import type { AccountRow } from '../../db/schema.js';
import { unitsOf, type UnitPreferences } from '../context.js';
import { badUserInput, clientError } from '../errors.js';
import type { AccountResolvers, AuthPayloadResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import { toGlobalId } from '../ids.js';
import { cleanText } from '../text.js';
import { formatDateTime } from '../time.js';
import { normalizeEmail } from './emails.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, spendHashTime, verifyNothing, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';
import { requireViewer } from './viewer.js';

/** What `AuthPayload` resolves from; `expiresAt` in unix seconds. */
export interface AuthPayloadModel {
  token: string;
  expiresAt: number;
  account: AccountRow;
}

const MAX_DISPLAY_NAME_LENGTH = 100;

export const accountQueries: Pick<QueryResolvers, 'me'> = {
  me: (_root, _args, { auth }) => (auth.rejected ? requireViewer(auth).account : (auth.viewer?.account ?? null)),
};

export const accountMutations: Pick<MutationResolvers, 'signUp' | 'logIn' | 'logOut' | 'updatePreferences' | 'deleteAccount'> = {
  async signUp(_root, { input }, { services, now, clientAddress }) {
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const displayName = cleanText(input.displayName ?? '', 'displayName', MAX_DISPLAY_NAME_LENGTH);
    // Counted before any hash, taken email or not: sign-ups from one address are bounded.
    await services.accountLimits.beginSignUp(clientAddress, now);
    // Says no more than a sign-up form must: not whose account it is, nor anything about it.
    const taken = () => badUserInput('This email address cannot be used to sign up; if it is yours, log in instead', 'email');
    if (await services.accountStore.emailTaken(email)) {
      await spendHashTime();
      throw taken();
    }
    const passwordHash = await hashPassword(input.password);
    const token = newToken();
    const expiresAt = now + services.config.sessionTtlDays * 86_400;
    const account = await services.accountStore.createAccountWithSession(
      { email, passwordHash, displayName },
      hashToken(token),
      now,
      expiresAt,
    );
    // Taken in the moment since the check above, by a concurrent sign-up.
    if (!account) throw taken();
    return { token, expiresAt, account };
  },

  async logIn(_root, { input }, { services, now, clientAddress }) {
    const email = normalizeEmail(input.email);
    const attempt = await services.accountLimits.beginPasswordCheck(email, clientAddress, now, 'log-ins');
    const account = await services.accountStore.findAccountByEmail(email);
    const matches =
      input.password.length <= MAX_PASSWORD_LENGTH &&
      (account ? await verifyPassword(account.passwordHash, input.password) : await verifyNothing(input.password));
    // One message for an unknown email and a wrong password: which one is nobody's business.
    // The attempt stays counted as a failure.
    if (!account || !matches) throw clientError('UNAUTHENTICATED', 'Email or password is incorrect');
    await attempt.succeeded();
    const token = newToken();
    const expiresAt = now + services.config.sessionTtlDays * 86_400;
    await services.accountStore.createSession(account.id, hashToken(token), now, expiresAt);
    return { token, expiresAt, account };
  },

  async logOut(_root, _args, { auth, services }) {
    await services.accountStore.deleteSession(requireViewer(auth).sessionId);
    return true;
  },

  async updatePreferences(_root, { input }, context) {
    const changes: Partial<UnitPreferences> = {};
    if (input.temperatureUnit) changes.temperatureUnit = input.temperatureUnit;
    if (input.windSpeedUnit) changes.windSpeedUnit = input.windSpeedUnit;
    if (input.precipitationUnit) changes.precipitationUnit = input.precipitationUnit;
    const viewer = requireViewer(context.auth);
    if (Object.keys(changes).length > 0) viewer.account = await context.services.accountStore.updatePreferences(viewer.account.id, changes);
    // Later fields of this same request answer in the new units too, and show the new account.
    context.units = unitsOf(viewer.account);
    return viewer.account;
  },

  async deleteAccount(_root, { password }, { auth, services, now, clientAddress }) {
    const { account } = requireViewer(auth);
    // The same limit as log-in: otherwise a stolen token would be a password oracle.
    const attempt = await services.accountLimits.beginPasswordCheck(account.email, clientAddress, now, 'wrong passwords');
    if (password.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(account.passwordHash, password))) {
      throw clientError('FORBIDDEN', 'The password is incorrect; the account was not deleted');
    }
    await attempt.succeeded();
    await services.accountStore.deleteAccount(account.id);
    return true;
  },
};

function checkPassword(password: string): void {
  const { length } = password;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw badUserInput(`password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long, got ${length}`, 'password');
  }
  // A lone surrogate has no UTF-8 form: two different passwords would hash the same.
  if (/\p{Cs}/u.test(password)) throw badUserInput('password must be valid Unicode text, got a lone surrogate', 'password');
}

export const Account: AccountResolvers = {
  id: (account) => toGlobalId('Account', account.id),
  preferences: unitsOf,
  favorites: (account, _args, { loaders }) => loaders.favorites.ofAccount.load(account.id),
};

export const AuthPayload: AuthPayloadResolvers = {
  expiresAt: ({ expiresAt }) => formatDateTime(expiresAt, 'UTC'),
};
