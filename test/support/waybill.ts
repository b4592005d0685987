/** A parcel to issue an e-waybill for: a Hangzhou shop sending to a Hangzhou flat (made-up people). */
export function waybillParcel(orderKey: string, i = 1, carrier = 'ZTO'): Record<string, unknown> {
  return {
    orderKey,
    carrier,
    sender: {
      name: '西湖茶庄',
      phone: '057187654321',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '龙井路18号',
    },
    recipient: {
      name: '王小明',
      phone: `1380013${String(i).padStart(4, '0')}`,
      province: '浙江省',
      city: '杭州市',
      district: '拱墅区',
      address: `湖墅南路${i}号3幢1201室`,
    },
    weightKg: 1.2,
    contents: '茶叶',
  };
}
