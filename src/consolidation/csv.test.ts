import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { checkReport } from './check.test-support.js';
import { ORDER_CSV_COLUMNS, parseOrdersCsv } from './csv.js';
import { consolidate } from './group.js';
import type { Packer } from './model.js';

const HEADER = ORDER_CSV_COLUMNS.join(',');

/** Parses and returns the validation error, or fails. */
function errorOf(csv: string): AppError {
  try {
    parseOrdersCsv(csv);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('parseOrdersCsv', () => {
  it('should build orders from rows that are not adjacent, with RFC 4180 quoting', () => {
    const csv =
      `\uFEFF${HEADER}\r\n` +
      'O1,WH-HZ,张三,138 0013 8000,"浙江省杭州市西湖区文三路90号, 东门",2026-03-02T12:00:00+08:00,sku-1,300,200,100,1500,2,,\r\n' +
      'O2,WH-HZ,"李四 ""小李""",+86 139 1234 5678,上海市浦东新区科苑路88号,2026-03-02T14:00:00+08:00,milk,200,100,100,1000,,yes,no\r\n' +
      '\r\n' +
      // The rest of O1: order columns blank, or repeated as typed differently.
      'O1,,,,,,sku-2,100,100,50,250,,,\r\n' +
      'O1,WH-HZ,张 三,+86-13800138000,"浙江省 杭州市 西湖区 文三路 ９０号，东门",2026-03-02T04:00:00Z,sku-3,50,50,50,80,1,false,0\r\n';
    const orders = parseOrdersCsv(csv);
    expect(orders.map((o) => o.id)).toEqual(['O1', 'O2']);
    const [o1, o2] = orders;
    expect(o1).toEqual({
      id: 'O1',
      warehouseId: 'WH-HZ',
      recipient: { name: '张三', phone: '138 0013 8000', address: '浙江省杭州市西湖区文三路90号, 东门' },
      shipBy: '2026-03-02T12:00:00+08:00',
      items: [
        { id: 'sku-1', lengthMm: 300, widthMm: 200, heightMm: 100, weightG: 1500, quantity: 2 },
        { id: 'sku-2', lengthMm: 100, widthMm: 100, heightMm: 50, weightG: 250, quantity: 1 },
        { id: 'sku-3', lengthMm: 50, widthMm: 50, heightMm: 50, weightG: 80, quantity: 1 },
      ],
      handling: { coldChain: false, dangerousGoods: false },
    });
    expect(o2.recipient.name).toBe('李四 "小李"');
    expect(o2.handling).toEqual({ coldChain: true, dangerousGoods: false });
  });

  it('should keep a quoted line break inside its field and count lines as an editor does', () => {
    const csv = `${HEADER}\nO1,WH-HZ,张三,13800138000,"文三路90号\n3幢501室",2026-03-02T12:00+08:00,a,1,1,1,1,,,\nO2,WH-HZ,张三,13800138000,文三路90号,2026-03-02T12:00,a,1,1,1,1,,,\n`;
    const error = errorOf(csv);
    // O1 spans lines 2-3, so O2 is on line 4.
    expect(error.message).toBe('line 4: ship_by is not ISO 8601 with an offset');
    expect(error.details).toEqual([{ line: 4, field: 'ship_by', message: 'is not ISO 8601 with an offset' }]);
  });

  it('should add up an item listed twice in an order', () => {
    const csv = `${HEADER}\nO1,W,张三,13800138000,文三路90号,2026-03-02T12:00+08:00,a,10,10,10,5,2,,\nO1,W,,,,,a,10,10,10,5,3,,\n`;
    expect(parseOrdersCsv(csv)[0].items).toEqual([{ id: 'a', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 5, quantity: 5 }]);
  });

  it('should take the columns in any order and ignore unknown ones', () => {
    const csv =
      'item_id,order_id,sku_name,ship_by,warehouse_id,recipient_phone,recipient_name,address,weight_g,height_mm,width_mm,length_mm\n' +
      'a,O1,Tea,2026-03-02T12:00+08:00,W,13800138000,张三,文三路90号,5,1,2,3\n';
    const [o] = parseOrdersCsv(csv);
    expect(o.items).toEqual([{ id: 'a', lengthMm: 3, widthMm: 2, heightMm: 1, weightG: 5, quantity: 1 }]);
    expect(o.handling).toEqual({ coldChain: false, dangerousGoods: false });
  });

  it('should read a header-only file as no orders', () => {
    expect(parseOrdersCsv(`${HEADER}\n`)).toEqual([]);
  });

  describe('errors', () => {
    const ok = 'WH-HZ,张三,13800138000,文三路90号,2026-03-02T12:00:00+08:00';

    it('should name the line and field of every bad value', () => {
      const csv = [
        HEADER,
        `O1,${ok},a,300,200,100,1500,1,,`,
        `O2,${ok},b,-5,200,abc,1500,0,maybe,`,
        `O3,WH-HZ,张三,13800138000,文三路90号,2026-03-02 12:00,c,1,1,1,1,,,`,
        `,${ok},d,1,1,1,1,,,`,
        `O4,${ok},,1,1,1,,,,`,
        `O5,${ok},e,1,1,1,1,,,,`,
        `O6,WH-HZ,张三,13800138000,文三路90号,2026-03-02T12:00:00+08:00,f,1,1,1,1,,,`,
      ].join('\n');
      const error = errorOf(csv);
      expect(error.code).toBe('validation');
      expect(error.details).toEqual([
        { line: 3, field: 'cold_chain', message: 'must be true or false (also yes/no, 1/0)' },
        { line: 3, field: 'length_mm', message: 'must be > 0 (got -5)' },
        { line: 3, field: 'height_mm', message: 'is not a number (got "abc")' },
        { line: 3, field: 'quantity', message: 'must be a whole number >= 1 (got 0)' },
        { line: 4, field: 'ship_by', message: 'is not ISO 8601 with an offset' },
        { line: 5, field: 'order_id', message: 'is empty' },
        { line: 6, field: 'item_id', message: 'is empty' },
        { line: 6, field: 'weight_g', message: 'is empty' },
        { line: 7, field: 'row', message: 'has 15 fields, the header has 14' },
      ]);
      expect(error.message).toBe('line 3: cold_chain must be true or false (also yes/no, 1/0) (and 8 more problems)');
    });

    it('should say which line an order disagrees with', () => {
      const csv = [
        HEADER,
        `O1,${ok},a,1,1,1,1,,no,`,
        `O2,${ok},a,1,1,1,1,,,`,
        'O1,WH-SH,张三,+86 138 0013 8000,文三路 ９０号,2026-03-02T13:00:00+08:00,b,1,1,1,1,,yes,',
        'O1,,,,,,a,2,1,1,1,,,',
      ].join('\n');
      expect(errorOf(csv).details).toEqual([
        { line: 4, field: 'warehouse_id', message: 'differs from line 2 of order O1' },
        { line: 4, field: 'ship_by', message: 'differs from line 2 of order O1' },
        { line: 4, field: 'cold_chain', message: 'differs from line 2 of order O1' },
        { line: 5, field: 'item_id', message: 'a repeats line 2 with other dimensions or weight' },
      ]);
    });

    it('should report an order-level value missing from every row of an order, once', () => {
      const csv = `${HEADER}\nO1,WH-HZ,张三,13800138000,,2026-03-02T12:00+08:00,a,1,1,1,1,,,\nO1,,,,,bad,b,1,1,1,1,,,\n`;
      expect(errorOf(csv).details).toEqual([
        { line: 2, field: 'address', message: 'is missing for order O1' },
        { line: 3, field: 'ship_by', message: 'is not ISO 8601 with an offset' },
      ]);
    });

    it('should report columns missing from the header', () => {
      const error = errorOf('order_id,item_id,ship_by\nO1,a,2026-03-02T12:00+08:00\n');
      expect(error.message).toBe('line 1: warehouse_id column is missing from the header (and 7 more problems)');
      expect(error.details.map((d) => d.field)).toEqual([
        'warehouse_id',
        'recipient_name',
        'recipient_phone',
        'address',
        'length_mm',
        'width_mm',
        'height_mm',
        'weight_g',
      ]);
    });

    it('should report bad quoting with its line', () => {
      expect(errorOf(`${HEADER}\nO1,${ok},"a"x,1,1,1,1,,,\n`).details).toContainEqual({
        line: 2,
        field: 'item_id',
        message: 'has text after its closing quote',
      });
      expect(errorOf(`${HEADER}\nO1,${ok},a"b,1,1,1,1,,,\n`).details).toContainEqual({
        line: 2,
        field: 'item_id',
        message: 'has a quote in an unquoted field (quote the field and double the quote)',
      });
      const open = errorOf(`${HEADER}\nO1,${ok},a,1,1,1,1,,,\nO2,"WH-HZ,张三\nO3,${ok},a,1,1,1,1,,,\n`);
      expect(open.details).toEqual([{ line: 3, field: 'warehouse_id', message: 'opens a quote that is never closed' }]);
    });

    it('should refuse an empty file', () => {
      expect(errorOf('').message).toBe('line 1: header is missing: the file has no rows');
    });
  });

  it('should feed consolidate: a CSV day of orders gives a report that re-adds', () => {
    const csv = [
      HEADER,
      'A,WH-HZ,张三,138 0013 8000,浙江省杭州市西湖区文三路90号,2026-03-02T12:00:00+08:00,tea,200,100,80,400,1,,',
      'B,WH-HZ,王五,0571-8888 8888,浙江省杭州市拱墅区湖墅南路12号,2026-03-02T12:30:00+08:00,cup,100,100,100,300,2,,',
      'C,WH-HZ,张 三,+86 13800138000,浙江省 杭州市 西湖区 文三路 ９０号,2026-03-02T15:00:00+08:00,pot,250,250,200,1200,1,,',
      'A,,,,,,cup,100,100,100,300,1,,',
      'D,WH-HZ,张三,13800138000,浙江省杭州市西湖区文三路90號,2026-03-02T17:00:00+08:00,ice,300,200,200,2000,1,是,',
    ].join('\n');
    const onePerOrder: Packer = () => ({ parcels: [{ boxId: 'S', boardKg: 0.15, co2eKg: 0.07365 }], unpacked: [] });
    const report = consolidate(parseOrdersCsv(csv), { pack: onePerOrder });
    expect(report.groups.map((g) => g.orderIds)).toEqual([['A', 'C'], ['B'], ['D']]);
    expect(report.groups[0].keptApart.map((k) => k.reason)).toEqual(['cold-chain']);
    expect(report.avoided).toMatchObject({ parcels: 1, labels: 1 });
    expect(checkReport(report)).toEqual([]);
  });
});
