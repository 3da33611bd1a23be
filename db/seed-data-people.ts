// Static demo data: names for rosters, district addresses and accounts, and phrases for the
// two-year plans. Split from seed-data.ts only to keep each file readable.
import type { Direction, DistrictCode } from './schema/enums'

// Common surnames first (drawn more often), with the Suzhou-typical 顾、陆、沈、钱 included.
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '马', '胡', '郭',
  '何', '林', '高', '罗', '郑', '顾', '陆', '沈', '钱', '蒋', '谢', '宋', '唐', '许', '韩', '冯',
  '邓', '曹', '彭', '曾', '潘', '袁', '蔡', '杜', '叶', '程', '魏', '丁', '姚', '范', '金', '汪',
]

export const GIVEN_NAME_CHARS = [
  '伟', '芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
  '霞', '平', '刚', '华', '文', '辉', '鹏', '宇', '浩', '凯', '晨', '欣', '怡', '佳', '婷', '雪',
  '琳', '晶', '博', '昊', '睿', '思', '雨', '嘉', '梓', '轩', '泽', '诗', '涵', '悦', '瑶', '彬',
  '俊', '峰', '阳', '健', '志', '海', '燕', '蕾', '倩', '瑞', '颖', '航', '铭', '帆', '越', '宁',
  '清', '诚', '远', '哲', '钰', '婧', '昕', '玮', '璐', '晓', '立', '家', '子', '一', '天', '云',
]

export interface DemoDistrict {
  code: DistrictCode
  name: string
  // how a postal address in the district begins
  addressPrefix: string
  streets: string[]
  // the district officer's demo account
  username: string
  officer: string
}

export const DEMO_DISTRICTS: DemoDistrict[] = [
  {
    code: '320508',
    name: '姑苏区',
    addressPrefix: '江苏省苏州市姑苏区',
    streets: ['人民路', '干将西路', '十全街', '道前街', '三香路', '广济南路'],
    username: 'gusu',
    officer: '李科长',
  },
  {
    code: '320505',
    name: '虎丘区（苏州高新区）',
    addressPrefix: '江苏省苏州市高新区',
    streets: ['科灵路', '竹园路', '珠江路', '狮山路', '锦峰路', '金山路'],
    username: 'huqiu',
    officer: '周科长',
  },
  {
    code: '320506',
    name: '吴中区',
    addressPrefix: '江苏省苏州市吴中区',
    streets: ['东吴北路', '吴中大道', '宝带东路', '文曲路', '塔韵路'],
    username: 'wuzhong',
    officer: '陆科长',
  },
  {
    code: '320507',
    name: '相城区',
    addressPrefix: '江苏省苏州市相城区',
    streets: ['相城大道', '澄阳路', '阳澄湖西路', '南天成路', '太阳路'],
    username: 'xiangcheng',
    officer: '顾科长',
  },
  {
    code: '320509',
    name: '吴江区',
    addressPrefix: '江苏省苏州市吴江区',
    streets: ['中山南路', '开平路', '江兴西路', '鲈乡北路', '长安路'],
    username: 'wujiang',
    officer: '沈科长',
  },
  {
    code: '320571',
    name: '苏州工业园区',
    addressPrefix: '江苏省苏州市苏州工业园区',
    streets: ['星湖街', '金鸡湖大道', '仁爱路', '若水路', '林泉街', '苏虹中路'],
    username: 'sip',
    officer: '徐科长',
  },
  {
    code: '320581',
    name: '常熟市',
    addressPrefix: '江苏省常熟市',
    streets: ['海虞北路', '东南大道', '黄河路', '青墩塘路', '金沙江路'],
    username: 'changshu',
    officer: '钱科长',
  },
  {
    code: '320582',
    name: '张家港市',
    addressPrefix: '江苏省张家港市',
    streets: ['人民中路', '沙洲西路', '国泰北路', '港城大道'],
    username: 'zhangjiagang',
    officer: '杨科长',
  },
  {
    code: '320583',
    name: '昆山市',
    addressPrefix: '江苏省昆山市',
    streets: ['前进东路', '祖冲之南路', '马鞍山路', '黄浦江南路', '萧林路', '长江北路'],
    username: 'kunshan',
    officer: '朱科长',
  },
  {
    code: '320585',
    name: '太仓市',
    addressPrefix: '江苏省太仓市',
    streets: ['上海东路', '郑和中路', '县府东街', '北京东路'],
    username: 'taicang',
    officer: '蒋科长',
  },
]

// What a lab in each direction sets out to build in two years (the plan's first sentence).
export const DIRECTION_GOALS: Record<Direction, string> = {
  1: '突破关键算法与核心软件，形成自主可控的技术原型',
  2: '建成数据可信流通环境，打通数据供给、流通与使用环节',
  3: '建立覆盖目录、标准、质量和安全的数据治理规则体系',
  4: '形成数据安全监测、评估与应急处置的技术能力',
  5: '培育数据产品和服务，带动相关产业数字化转型',
  6: '建立经济运行监测指标和预测模型，提升研判时效',
  7: '建设文化数据资源库，推动文化资源数字化转化与传播',
  8: '建设农业农村数据底座，提升生产管理和乡村治理水平',
  9: '推动民生服务数据融合应用，实现服务主动、精准、便捷',
  10: '推动政务数据共享与业务协同，提升政府管理服务效能',
  11: '构建风险感知与协同处置模型，提升社会治理精细化水平',
  12: '推进工业数据采集与分析应用，支撑企业智能化改造',
  13: '构建城市运行数据模型，支撑城市规划建设与运行管理',
  14: '完善信用评价模型与信用服务产品，扩大信用数据应用',
}

// The "form" outcomes take (guide: 场景、算法、数据、产品).
export const OUTCOME_FORMS = ['算法模型', '数据集', '应用场景', '数据产品', '软件平台']

export const OUTCOME_NOTES = {
  renewed: '两个年度成果与年度报告齐全，团队满足认定条件，准予续期两年。',
  notRenewed: '第二年度未提交年度成果，团队人数低于15人且整改未到位，不予续期。',
  revoked: '发生较大（III级）数据安全事件，整改不到位，撤销实验室认定。',
  renewedEarly: '提前提交续期申请，经评审准予续期，新有效期自本期届满次日起算。',
}

export const DEMO_ACCOUNT_NAMES = {
  bureau: '市大数据局 王主任',
  expert: '评审专家 陈教授',
}
