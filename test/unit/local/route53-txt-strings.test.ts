import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characterStrings, txtStringRefusal, txtValues } from '../../../src/local/proxy/route53-txt-strings.js';

test('character-strings are read as a zone file writes them: quoted with escapes, or bare words', () => {
  assert.deepEqual(characterStrings('"a b" "c\\"d" e \\065f'), ['a b', 'c"d', 'e', 'Af']);
  assert.deepEqual(characterStrings('"" "x"'), ['', 'x']);
});

test('the TXT values of a change batch are found per record set, with XML entities decoded', () => {
  const body =
    '<ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet><Name>a.</Name><Type>TXT</Type>' +
    '<ResourceRecords><ResourceRecord><Value>&quot;x&amp;y&quot;</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>' +
    '<Change><Action>CREATE</Action><ResourceRecordSet><Name>b.</Name><Type>CNAME</Type><ResourceRecords><ResourceRecord><Value>c.</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>';
  assert.deepEqual(txtValues(body), ['"x&y"']);
});

test('only a string over 255 characters is refused, in Route 53 wording', () => {
  const batch = (value: string) => `<ResourceRecordSet><Type>TXT</Type><Value>${value}</Value></ResourceRecordSet>`;
  assert.equal(txtStringRefusal(batch(`"${'a'.repeat(255)}" "${'b'.repeat(255)}"`)), undefined);
  const refusal = txtStringRefusal(batch(`"${'a'.repeat(256)}"`));
  assert.equal(refusal?.code, 'InvalidChangeBatch');
  assert.equal(refusal?.status, 400);
  assert.match(refusal?.message ?? '', /^\[Invalid Resource Record: 'FATAL problem: CharacterStringTooLong \(Value is too long\) encountered with '"a{256}"''\]$/);
});
