/** Real Chinese cities with coordinates (city centre, WGS84), province and reporting region. */
export interface City {
  name: string;
  nameZh: string;
  province: string;
  region: 'North' | 'Northeast' | 'East' | 'Central' | 'South' | 'Southwest' | 'Northwest';
  lat: number;
  lon: number;
}

export const CITIES: readonly City[] = [
  { name: 'Beijing', nameZh: '北京', province: 'Beijing', region: 'North', lat: 39.9042, lon: 116.4074 },
  { name: 'Tianjin', nameZh: '天津', province: 'Tianjin', region: 'North', lat: 39.3434, lon: 117.3616 },
  { name: 'Shijiazhuang', nameZh: '石家庄', province: 'Hebei', region: 'North', lat: 38.0428, lon: 114.5149 },
  { name: 'Taiyuan', nameZh: '太原', province: 'Shanxi', region: 'North', lat: 37.8706, lon: 112.5489 },
  { name: 'Hohhot', nameZh: '呼和浩特', province: 'Inner Mongolia', region: 'North', lat: 40.8426, lon: 111.7492 },
  { name: 'Shenyang', nameZh: '沈阳', province: 'Liaoning', region: 'Northeast', lat: 41.8057, lon: 123.4315 },
  { name: 'Dalian', nameZh: '大连', province: 'Liaoning', region: 'Northeast', lat: 38.914, lon: 121.6147 },
  { name: 'Changchun', nameZh: '长春', province: 'Jilin', region: 'Northeast', lat: 43.8171, lon: 125.3235 },
  { name: 'Harbin', nameZh: '哈尔滨', province: 'Heilongjiang', region: 'Northeast', lat: 45.8038, lon: 126.5349 },
  { name: 'Shanghai', nameZh: '上海', province: 'Shanghai', region: 'East', lat: 31.2304, lon: 121.4737 },
  { name: 'Hangzhou', nameZh: '杭州', province: 'Zhejiang', region: 'East', lat: 30.2741, lon: 120.1551 },
  { name: 'Ningbo', nameZh: '宁波', province: 'Zhejiang', region: 'East', lat: 29.8683, lon: 121.544 },
  { name: 'Jiaxing', nameZh: '嘉兴', province: 'Zhejiang', region: 'East', lat: 30.7522, lon: 120.7555 },
  { name: 'Nanjing', nameZh: '南京', province: 'Jiangsu', region: 'East', lat: 32.0603, lon: 118.7969 },
  { name: 'Suzhou', nameZh: '苏州', province: 'Jiangsu', region: 'East', lat: 31.2989, lon: 120.5853 },
  { name: 'Wuxi', nameZh: '无锡', province: 'Jiangsu', region: 'East', lat: 31.4912, lon: 120.3119 },
  { name: 'Hefei', nameZh: '合肥', province: 'Anhui', region: 'East', lat: 31.8206, lon: 117.2272 },
  { name: 'Jinan', nameZh: '济南', province: 'Shandong', region: 'East', lat: 36.6512, lon: 117.1201 },
  { name: 'Qingdao', nameZh: '青岛', province: 'Shandong', region: 'East', lat: 36.0671, lon: 120.3826 },
  { name: 'Fuzhou', nameZh: '福州', province: 'Fujian', region: 'East', lat: 26.0745, lon: 119.2965 },
  { name: 'Xiamen', nameZh: '厦门', province: 'Fujian', region: 'East', lat: 24.4798, lon: 118.0894 },
  { name: 'Nanchang', nameZh: '南昌', province: 'Jiangxi', region: 'Central', lat: 28.682, lon: 115.8579 },
  { name: 'Zhengzhou', nameZh: '郑州', province: 'Henan', region: 'Central', lat: 34.7466, lon: 113.6254 },
  { name: 'Wuhan', nameZh: '武汉', province: 'Hubei', region: 'Central', lat: 30.5928, lon: 114.3055 },
  { name: 'Changsha', nameZh: '长沙', province: 'Hunan', region: 'Central', lat: 28.2282, lon: 112.9388 },
  { name: 'Guangzhou', nameZh: '广州', province: 'Guangdong', region: 'South', lat: 23.1291, lon: 113.2644 },
  { name: 'Shenzhen', nameZh: '深圳', province: 'Guangdong', region: 'South', lat: 22.5431, lon: 114.0579 },
  { name: 'Dongguan', nameZh: '东莞', province: 'Guangdong', region: 'South', lat: 23.0207, lon: 113.7518 },
  { name: 'Nanning', nameZh: '南宁', province: 'Guangxi', region: 'South', lat: 22.817, lon: 108.3665 },
  { name: 'Haikou', nameZh: '海口', province: 'Hainan', region: 'South', lat: 20.044, lon: 110.1999 },
  { name: 'Chengdu', nameZh: '成都', province: 'Sichuan', region: 'Southwest', lat: 30.5728, lon: 104.0668 },
  { name: 'Chongqing', nameZh: '重庆', province: 'Chongqing', region: 'Southwest', lat: 29.563, lon: 106.5516 },
  { name: 'Kunming', nameZh: '昆明', province: 'Yunnan', region: 'Southwest', lat: 25.0389, lon: 102.7183 },
  { name: 'Guiyang', nameZh: '贵阳', province: 'Guizhou', region: 'Southwest', lat: 26.647, lon: 106.6302 },
  { name: "Xi'an", nameZh: '西安', province: 'Shaanxi', region: 'Northwest', lat: 34.3416, lon: 108.9398 },
  { name: 'Lanzhou', nameZh: '兰州', province: 'Gansu', region: 'Northwest', lat: 36.0611, lon: 103.8343 },
  { name: 'Urumqi', nameZh: '乌鲁木齐', province: 'Xinjiang', region: 'Northwest', lat: 43.8256, lon: 87.6168 },
  { name: 'Yinchuan', nameZh: '银川', province: 'Ningxia', region: 'Northwest', lat: 38.4872, lon: 106.2309 },
];

/** Each region's sorting hub sits in this city. */
export const REGION_HUBS: Record<City['region'], string> = {
  North: 'Beijing',
  Northeast: 'Shenyang',
  East: 'Hangzhou',
  Central: 'Wuhan',
  South: 'Guangzhou',
  Southwest: 'Chengdu',
  Northwest: "Xi'an",
};

/** Chinese names of the demo cities' provinces (for addresses on labels). */
export const PROVINCE_ZH: Record<string, string> = {
  Anhui: '安徽省',
  Beijing: '北京市',
  Chongqing: '重庆市',
  Fujian: '福建省',
  Gansu: '甘肃省',
  Guangdong: '广东省',
  Guangxi: '广西壮族自治区',
  Guizhou: '贵州省',
  Hainan: '海南省',
  Hebei: '河北省',
  Heilongjiang: '黑龙江省',
  Henan: '河南省',
  Hubei: '湖北省',
  Hunan: '湖南省',
  'Inner Mongolia': '内蒙古自治区',
  Jiangsu: '江苏省',
  Jiangxi: '江西省',
  Jilin: '吉林省',
  Liaoning: '辽宁省',
  Ningxia: '宁夏回族自治区',
  Shaanxi: '陕西省',
  Shandong: '山东省',
  Shanghai: '上海市',
  Shanxi: '山西省',
  Sichuan: '四川省',
  Tianjin: '天津市',
  Xinjiang: '新疆维吾尔自治区',
  Yunnan: '云南省',
  Zhejiang: '浙江省',
};
