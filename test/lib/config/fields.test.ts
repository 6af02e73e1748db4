import { shown } from '../../../lib/config/fields';
import { fieldPath } from '../../../lib/config/issues';

describe('how config errors show values and fields', () => {
  test('shows a received value as JSON, numbers JSON cannot write as they are', () => {
    expect(shown('10.0.0.0')).toBe('"10.0.0.0"');
    expect(shown(undefined)).toBe('nothing');
    expect(shown(Infinity)).toBe('Infinity');
    expect(shown([1, -Infinity])).toBe('[1,-Infinity]');
    expect(shown('x'.repeat(100))).toHaveLength(80);
  });

  test('names a field by its path, list items by index', () => {
    expect(fieldPath([])).toBe('config');
    expect(fieldPath(['environments', 'prod', 'network', 'deniedCidrs', 0, 'cidr'])).toBe(
      'environments.prod.network.deniedCidrs[0].cidr',
    );
  });
});
