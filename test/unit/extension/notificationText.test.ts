import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainNotification } from '../../../src/extension/notificationText';

/** The link syntax VS Code reads in notification text: `[label](target)` with an http(s), command or file target. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+/i;

describe('plainNotification', () => {
  it('turns link syntax from outside into plain text, and leaves other text alone', () => {
    const hostile = [
      '/[Retry](command:workbench.action.terminal.new)',
      'fetching [docs](https://evil.example/x) now',
      'logs/[x](file:///etc/passwd).txt',
      '[a](command:a) and [b](COMMAND:b)',
    ];
    for (const text of hostile) {
      assert.match(text, NOTIFICATION_LINK, 'the sample itself is a link');
      assert.doesNotMatch(plainNotification(text), NOTIFICATION_LINK, text);
    }
    assert.equal(plainNotification('downloading 3/10 files (1.2 MB) [job-output.txt]'), 'downloading 3/10 files (1.2 MB) [job-output.txt]');
  });

  it('leaves no link in any text', () => {
    const piece = fc.constantFrom('[', ']', '(', ')', 'command:', 'https://', 'file:', 'x', ' ', '](');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 20 }), (pieces) => {
        assert.doesNotMatch(plainNotification(pieces.join('')), NOTIFICATION_LINK);
      }),
      { numRuns: 2000 },
    );
  });
});
