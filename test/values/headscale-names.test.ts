import { HEADSCALE_VERSIONS } from '../../src/values/headscale-versions';
import { userNameProblem } from '../../src/values/headscale-names';
import { problems } from '../support/problems';
import { parseValues } from '../../src/chart/parse-values';

describe('userNameProblem', () => {
  it.each(['alice', 'headscale-system', 'Bob', 'a1', 'alice@example.com', 'a.b_c-d', 'élodie', 'é', 'Ωmega'])(
    'accepts %j at every version',
    (name) => {
      for (const version of HEADSCALE_VERSIONS) expect(userNameProblem(name, version)).toBeUndefined();
    },
  );

  it.each([
    ['a', 'username must be at least 2 characters long'],
    ['', 'username must be at least 2 characters long'],
    ['1alice', 'username cannot start with a number'],
    ['a@b@c', "username cannot contain more than one '@'"],
    ['al ice', "username contains invalid character: ' '"],
    ['alice+1', "username contains invalid character: '+'"],
  ])('refuses %j at 0.26: %s', (name, reason) => {
    expect(userNameProblem(name, '0.26')).toContain(`is not a user name Headscale 0.26 accepts: ${reason};`);
  });

  it.each(['-alice', '_alice', '.alice', '@alice'])(
    'takes %j at 0.26, whose rule only refuses a leading digit',
    (name) => {
      expect(userNameProblem(name, '0.26')).toBeUndefined();
      expect(userNameProblem(name, '0.27')).toContain('username must start with a letter');
    },
  );

  it.each(['0.27', '0.28', '0.29'] as const)('refuses a name that does not start with a letter at %s', (version) => {
    expect(userNameProblem('1alice', version)).toBe(
      `is not a user name Headscale ${version} accepts: username must start with a letter; expected 2 characters or more, a letter first, then letters, digits, "-", "." or "_", and at most one "@" (got "1alice")`,
    );
  });

  it("reads the first byte as Go does: a Hebrew letter's lead byte 0xD7 is not a letter", () => {
    expect(userNameProblem('אב', '0.29')).toContain('username must start with a letter');
    expect(userNameProblem('אב', '0.26')).toBeUndefined();
  });
});

describe("the values' user names", () => {
  it('refuses users[].name and preauthKeys[].user that a version Headscale knows refuses', () => {
    expect(
      problems({
        users: [{ name: '-ops' }, { name: 'ops team' }],
        preauthKeys: [{ secretName: 'k', user: '9lives' }],
      }),
    ).toEqual([
      'users[0].name: is not a user name Headscale 0.29 accepts: username must start with a letter; expected 2 characters or more, a letter first, then letters, digits, "-", "." or "_", and at most one "@" (got "-ops")',
      `users[1].name: is not a user name Headscale 0.29 accepts: username contains invalid character: ' '; expected 2 characters or more, a letter first, then letters, digits, "-", "." or "_", and at most one "@" (got "ops team")`,
      'preauthKeys[0].user: is not a user name Headscale 0.29 accepts: username must start with a letter; expected 2 characters or more, a letter first, then letters, digits, "-", "." or "_", and at most one "@" (got "9lives")',
    ]);
  });

  it('takes names every version accepts', () => {
    const values = parseValues({
      users: [{ name: 'alice@example.com' }],
      preauthKeys: [{ secretName: 'k', user: 'alice@example.com' }],
    });
    expect(values.users[0].name).toBe('alice@example.com');
  });
});
