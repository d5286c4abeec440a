import { describe, expect, it } from 'vitest';
import { neighbourAfterRemoval, pickFocusTarget, type FocusItem } from '../../../src/renderer/lib/focus-target';

// Rows as the queue renders them: select, title, then the status's actions.
const finished = (key: string): FocusItem => ({ key, roles: ['select', 'title', 'view', 'delete'] });
const running = (key: string): FocusItem => ({ key, roles: ['select', 'title', 'pause', 'cancel', 'view'] });
const failed = (key: string): FocusItem => ({ key, roles: ['select', 'title', 'retry', 'view', 'delete'] });

describe('where focus goes when its control is taken away', () => {
  it('a deleted row hands focus to the same action in the row that took its place', () => {
    const items = [finished('a'), finished('c')];
    expect(pickFocusTarget(items, { key: 'b', index: 1, nextKey: 'c', role: 'delete', position: 3 })).toEqual({ item: 1, control: 3 });
  });

  it('the last row deleted: the row before it', () => {
    const items = [finished('a'), finished('b')];
    expect(pickFocusTarget(items, { key: 'c', index: 2, nextKey: null, role: 'delete', position: 3 })).toEqual({ item: 1, control: 3 });
  });

  it('follows the next row by key when rows above it came or went', () => {
    const items = [finished('new'), finished('x'), finished('c')];
    expect(pickFocusTarget(items, { key: 'b', index: 0, nextKey: 'c', role: 'delete', position: 3 })).toEqual({ item: 2, control: 3 });
  });

  it('skips rows without that action, then takes the nearest row with any control', () => {
    const items = [finished('a'), running('c'), finished('d')];
    expect(pickFocusTarget(items, { key: 'b', index: 1, nextKey: 'c', role: 'delete', position: 3 })).toEqual({ item: 2, control: 3 });
    const onlyRunning = [running('c'), running('d')];
    expect(pickFocusTarget(onlyRunning, { key: 'b', index: 0, nextKey: 'c', role: 'delete', position: 3 })).toEqual({ item: 0, control: 3 });
  });

  it('a button swapped within a row stays in that row: same role if there, else the same place', () => {
    // Retry pressed: the failed row becomes a running one.
    expect(pickFocusTarget([running('a'), failed('b')], { key: 'a', index: 0, nextKey: 'b', role: 'retry', position: 2 })).toEqual({ item: 0, control: 2 });
    // A place past the row's end: its last control.
    expect(pickFocusTarget([{ key: 'a', roles: ['title'] }], { key: 'a', index: 0, nextKey: null, role: 'cancel', position: 4 })).toEqual({ item: 0, control: 0 });
    // Approve course becomes Publish: the same role, wherever it is now.
    expect(pickFocusTarget([{ key: '', roles: [null, 'next-step', null] }], { key: '', index: 0, nextKey: null, role: 'next-step', position: 1 })).toEqual({ item: 0, control: 1 });
  });

  it('a row left without controls (an approved outline) passes focus to the next row with the same action', () => {
    const items: FocusItem[] = [{ key: 'a', roles: ['approve'] }, { key: 'b', roles: [] }, { key: 'c', roles: ['options', 'approve'] }];
    expect(pickFocusTarget(items, { key: 'b', index: 1, nextKey: 'c', role: 'approve', position: 1 })).toEqual({ item: 2, control: 1 });
    const last: FocusItem[] = [{ key: 'a', roles: ['options', 'approve'] }, { key: 'b', roles: [] }];
    expect(pickFocusTarget(last, { key: 'b', index: 1, nextKey: null, role: 'approve', position: 1 })).toEqual({ item: 0, control: 1 });
  });

  it('nothing focusable left: null, so the caller falls back', () => {
    expect(pickFocusTarget([], { key: 'a', index: 0, nextKey: null, role: 'delete', position: 0 })).toBeNull();
    expect(pickFocusTarget([{ key: 'a', roles: [] }], { key: 'a', index: 0, nextKey: null, role: 'approve', position: 0 })).toBeNull();
  });
});

describe('the row that takes a removed one’s place', () => {
  it('is the next one left, else the one before', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(neighbourAfterRemoval(ids, new Set(['b']), 'b')).toBe('c');
    expect(neighbourAfterRemoval(ids, new Set(['b', 'c']), 'b')).toBe('d');
    expect(neighbourAfterRemoval(ids, new Set(['d']), 'd')).toBe('c');
    expect(neighbourAfterRemoval(ids, new Set(ids), 'b')).toBeNull();
    expect(neighbourAfterRemoval(ids, new Set(['x']), 'x')).toBeNull();
  });
});
