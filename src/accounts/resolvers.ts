/**
 * Resolvers of accounts: sign-up, log-in and -out, preferences, deletion, and `me`.
 */
import type { AccountRow } from '../../db/schema.js';
import { unitsOf, type UnitPreferences } from '../context.js';
import { badUserInput, clientError } from '../errors.js';
import type { AccountResolvers, AuthPayloadResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import { toGlobalId } from '../ids.js';
import { formatDateTime } from '../time.js';
import { normalizeEmail } from './emails.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyNothing, verifyPassword } from './passwords.js';
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
  async signUp(_root, { input }, { services, now }) {
    const email = normalizeEmail(input.email);
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
      throw badUserInput(
        `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long, got ${input.password.length}`,
        'password',
      );
    }
    const displayName = input.displayName?.trim() || null;
    if (displayName && displayName.length > MAX_DISPLAY_NAME_LENGTH) {
      throw badUserInput(`displayName must be at most ${MAX_DISPLAY_NAME_LENGTH} characters, got ${displayName.length}`, 'displayName');
    }
    const passwordHash = await hashPassword(input.password);
    const token = newToken();
    const expiresAt = now + services.config.sessionTtlDays * 86_400;
    const account = services.accountStore.createAccountWithSession({ email, passwordHash, displayName }, hashToken(token), now, expiresAt);
    // Says no more than a sign-up form must: not whose account it is, nor anything about it.
    if (!account) throw badUserInput('This email address cannot be used to sign up; if it is yours, log in instead', 'email');
    return { token, expiresAt, account };
  },

  async logIn(_root, { input }, { services, now, clientAddress }) {
    const email = normalizeEmail(input.email);
    const keys = { email, address: clientAddress };
    const wait = await services.loginLimiter.retryAfter(keys, now);
    if (wait > 0) {
      throw clientError('RATE_LIMITED', `Too many failed log-ins; try again in ${wait} seconds`, { retryAfterSeconds: wait });
    }
    const account = services.accountStore.findAccountByEmail(email);
    const matches =
      input.password.length <= MAX_PASSWORD_LENGTH &&
      (account ? await verifyPassword(account.passwordHash, input.password) : await verifyNothing(input.password));
    if (!account || !matches) {
      services.loginLimiter.recordFailure(keys, now);
      // One message for an unknown email and a wrong password: which one is nobody's business.
      throw clientError('UNAUTHENTICATED', 'Email or password is incorrect');
    }
    services.loginLimiter.clear(keys);
    const token = newToken();
    const expiresAt = now + services.config.sessionTtlDays * 86_400;
    services.accountStore.createSession(account.id, hashToken(token), now, expiresAt);
    return { token, expiresAt, account };
  },

  logOut(_root, _args, { auth, services }) {
    services.accountStore.deleteSession(requireViewer(auth).sessionId);
    return true;
  },

  updatePreferences(_root, { input }, context) {
    const { account } = requireViewer(context.auth);
    const changes: Partial<UnitPreferences> = {};
    if (input.temperatureUnit) changes.temperatureUnit = input.temperatureUnit;
    if (input.windSpeedUnit) changes.windSpeedUnit = input.windSpeedUnit;
    if (input.precipitationUnit) changes.precipitationUnit = input.precipitationUnit;
    const updated = Object.keys(changes).length > 0 ? context.services.accountStore.updatePreferences(account.id, changes) : account;
    // Later fields of this same request answer in the new units too.
    context.units = unitsOf(updated);
    return context.units;
  },

  async deleteAccount(_root, { password }, { auth, services, now, clientAddress }) {
    const { account } = requireViewer(auth);
    // The same limit as log-in: otherwise a stolen token would be a password oracle.
    const keys = { email: account.email, address: clientAddress };
    const wait = await services.loginLimiter.retryAfter(keys, now);
    if (wait > 0) throw clientError('RATE_LIMITED', `Too many wrong passwords; try again in ${wait} seconds`, { retryAfterSeconds: wait });
    if (!(await verifyPassword(account.passwordHash, password))) {
      services.loginLimiter.recordFailure(keys, now);
      throw clientError('FORBIDDEN', 'The password is incorrect; the account was not deleted');
    }
    services.accountStore.deleteAccount(account.id);
    return true;
  },
};

export const Account: AccountResolvers = {
  id: (account) => toGlobalId('Account', account.id),
  preferences: unitsOf,
  favorites: (account, _args, { loaders }) => loaders.favorites.ofAccount.load(account.id),
};

export const AuthPayload: AuthPayloadResolvers = {
  expiresAt: ({ expiresAt }) => formatDateTime(expiresAt, 'UTC'),
};
