import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountBook } from '../../../src/local/proxy/account.js';

const ANSWER = '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE1</AccessKeyId><SecretAccessKey>s</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>';

test('an unknown access key belongs to the default account', () => {
  assert.equal(new AccountBook('123456789012').accountOf('AKIAANY'), '123456789012');
  assert.equal(new AccountBook('123456789012').accountOf(undefined), '123456789012');
});

test('a key issued by AssumeRole belongs to the account of the requested role', () => {
  const book = new AccountBook('123456789012');
  book.learnFromAssumeRole('arn:aws:iam::222222222222:role/cell', ANSWER);
  assert.equal(book.accountOf('ASIAEXAMPLE1'), '222222222222');
  book.clear();
  assert.equal(book.accountOf('ASIAEXAMPLE1'), '123456789012');
});

test('an answer without a key or a role ARN without an account teaches nothing', () => {
  const book = new AccountBook('123456789012');
  book.learnFromAssumeRole('not-an-arn', ANSWER);
  book.learnFromAssumeRole('arn:aws:iam::222222222222:role/cell', '<Error/>');
  assert.equal(book.accountOf('ASIAEXAMPLE1'), '123456789012');
});
