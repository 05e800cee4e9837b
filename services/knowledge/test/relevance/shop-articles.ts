import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';

/** One article of the relevance corpus: `key` names it in questions.ts. */
export interface CorpusArticle {
  key: string;
  kind: ArticleKind;
  locale: 'zh-CN' | 'en';
  category: string;
  title: string;
  body: string;
  tags: string[];
  skus?: string[];
}

const { ARTICLE_KIND_FAQ: FAQ, ARTICLE_KIND_HOW_TO: HOW_TO, ARTICLE_KIND_POLICY: POLICY, ARTICLE_KIND_PRODUCT_FACTS: PRODUCT } =
  ArticleKind;

/** A small shop's knowledge base, as its editors would write it: what the relevance set searches. */
export const SHOP_ARTICLES: CorpusArticle[] = [
  // 退换货
  { key: 'return-shipping-fee', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '退货运费由谁承担', tags: ['退货', '运费'],
    body: '七天无理由退货的，退回运费由买家承担；商品存在质量问题、发错货或漏发的，退货运费由店铺承担，买家先垫付后凭快递单截图申请报销。' },
  { key: 'seven-day-return', kind: POLICY, locale: 'zh-CN', category: '退换货', title: '七天无理由退货规则', tags: ['七天无理由', '退货'],
    body: '自签收次日起七天内，商品完好、不影响二次销售的，可申请七天无理由退货。定制商品、贴身衣物、已激活的电子产品不支持七天无理由。' },
  { key: 'return-how-to', kind: HOW_TO, locale: 'zh-CN', category: '退换货', title: '如何申请退货退款', tags: ['退货退款', '申请'],
    body: '在订单详情点击“申请售后”，选择“退货退款”，填写原因并上传照片。审核通过后按页面提供的退货地址寄回，并填写快递单号。' },
  { key: 'exchange-size', kind: HOW_TO, locale: 'zh-CN', category: '退换货', title: '尺码不合适怎么换货', tags: ['换货', '尺码'],
    body: '衣服鞋子尺码不合适，可在签收后七天内申请换货：订单详情选择“换货”，注明想换的尺码和颜色，寄回原商品后我们发出新尺码。' },
  { key: 'refund-time', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '退款多久到账', tags: ['退款', '到账'],
    body: '仓库签收退货后24小时内审核退款。原路退回：支付宝、微信支付一般即时到账，银行卡和信用卡1-7个工作日到账，花呗退回额度。' },
  { key: 'refund-only', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '没收到货可以仅退款吗', tags: ['仅退款', '未收到货'],
    body: '订单未发货可直接申请仅退款，系统自动退款；已发货未签收的，请先拒收或联系客服拦截快递，快递退回后办理仅退款。' },
  { key: 'damaged-goods', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '收到商品破损或有质量问题怎么办', tags: ['质量问题', '破损'],
    body: '签收后发现商品破损、有瑕疵或无法使用，请在48小时内拍照或录视频联系客服，我们为您补发、换货或退款，运费由店铺承担。' },
  { key: 'wrong-item', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '发错货或漏发怎么处理', tags: ['错发', '漏发'],
    body: '收到的商品与订单不符（错发），或少了配件赠品（漏发），请拍下包裹内物品和面单联系客服，核实后免费补发或换货。' },
  { key: 'return-address', kind: FAQ, locale: 'zh-CN', category: '退换货', title: '退货地址在哪里', tags: ['退货地址'],
    body: '退货审核通过后，退货地址显示在售后详情页。请勿寄到发货地址，也不要使用到付，以免仓库拒收。' },
  { key: 'freight-insurance', kind: POLICY, locale: 'zh-CN', category: '退换货', title: '运费险怎么理赔', tags: ['运费险', '理赔'],
    body: '下单时购买了运费险的订单，退货寄出并填写快递单号后，保险公司按首重运费自动理赔到您的支付账户，一般72小时内到账。' },
  { key: 'price-protection', kind: POLICY, locale: 'zh-CN', category: '价格', title: '价保规则：买贵了退差价', tags: ['价保', '退差价'],
    body: '签收后15天内同款商品降价，可申请价保退差价。参加秒杀、直播专享价和优惠券叠加造成的差价不在价保范围内。' },
  // 物流
  { key: 'ship-time', kind: FAQ, locale: 'zh-CN', category: '物流', title: '下单后多久发货', tags: ['发货时间', '发货'],
    body: '现货商品当天16点前付款当天发货，16点后次日发货；预售商品按页面写明的发货时间发出。节假日发货时间顺延。' },
  { key: 'courier-choice', kind: FAQ, locale: 'zh-CN', category: '物流', title: '发什么快递，可以指定顺丰吗', tags: ['快递', '顺丰'],
    body: '默认发中通或圆通快递。需要顺丰的，请在下单备注“顺丰”，并补拍顺丰差价链接；偏远地区以实际可达快递为准。' },
  { key: 'tracking-stuck', kind: FAQ, locale: 'zh-CN', category: '物流', title: '快递几天没有更新物流怎么办', tags: ['物流', '查件', '催件'],
    body: '物流信息超过48小时没有更新，请联系客服查件催件。我们会联系快递公司核实，如确认丢件，为您补发或退款。' },
  { key: 'change-address', kind: HOW_TO, locale: 'zh-CN', category: '订单', title: '怎么修改收货地址', tags: ['修改地址', '收货地址'],
    body: '未发货的订单，可在订单详情点击“修改地址”自行修改收货地址、收货人和电话号码。已发货的订单请联系客服，由快递改派，可能产生改派费用。' },
  { key: 'remote-area', kind: POLICY, locale: 'zh-CN', category: '物流', title: '偏远地区和港澳台是否包邮', tags: ['包邮', '偏远地区', '港澳台'],
    body: '全场满99元包邮（新疆、西藏、青海等偏远地区除外）。偏远地区需补运费差价；港澳台和海外暂不支持配送。' },
  { key: 'signed-not-received', kind: FAQ, locale: 'zh-CN', category: '物流', title: '显示已签收但没收到货', tags: ['签收', '未收到货'],
    body: '物流显示签收但本人未收到，请先查看快递柜、驿站或问问门卫家人；仍找不到请在48小时内联系客服，我们和快递核实签收人并处理。' },
  { key: 'reject-parcel', kind: FAQ, locale: 'zh-CN', category: '物流', title: '可以拒收快递吗', tags: ['拒收'],
    body: '不想要了可以直接拒收，快递退回仓库后为您办理退款，七天无理由拒收的来回运费由买家承担。外包装破损可当场拒收。' },
  { key: 'pickup-self', kind: FAQ, locale: 'zh-CN', category: '物流', title: '支持自提或送货上门吗', tags: ['自提', '送货上门'],
    body: '目前不支持门店自提。快递一般派送到门，放驿站的请与快递员沟通要求送货上门。大件家电由物流送货上门并安装。' },
  // 支付
  { key: 'payment-methods', kind: FAQ, locale: 'zh-CN', category: '支付', title: '支持哪些付款方式', tags: ['付款', '支付'],
    body: '支持支付宝、微信支付、花呗、信用卡和银行卡付款。企业客户可以对公转账，转账后请把付款凭证发给客服核对。' },
  { key: 'installment', kind: FAQ, locale: 'zh-CN', category: '支付', title: '可以分期付款吗', tags: ['分期', '花呗'],
    body: '支持花呗分期和信用卡分期，3期、6期、12期可选。部分商品享受分期免息，以结算页显示为准。' },
  { key: 'bank-transfer', kind: HOW_TO, locale: 'zh-CN', category: '支付', title: '对公转账怎么付款', tags: ['对公转账', '银行转账'],
    body: '企业采购可对公转账：下单后选择“银行转账”，按页面收款账户转账，备注订单号。财务确认到账后（1-2个工作日）安排发货。' },
  { key: 'payment-failed', kind: FAQ, locale: 'zh-CN', category: '支付', title: '付款失败或扣款了订单没显示', tags: ['付款', '支付失败'],
    body: '付款失败请检查余额和银行卡限额。已扣款但订单显示未付款的，一般是支付延迟，30分钟内会自动更新；超时未更新会原路退回。' },
  { key: 'cod', kind: FAQ, locale: 'zh-CN', category: '支付', title: '支持货到付款吗', tags: ['货到付款'],
    body: '本店暂不支持货到付款，请使用在线支付。在线支付的订单享受七天无理由退货保障。' },
  // 优惠
  { key: 'coupon-not-working', kind: FAQ, locale: 'zh-CN', category: '优惠', title: '优惠券为什么用不了', tags: ['优惠券'],
    body: '优惠券有使用门槛和有效期，请检查订单金额是否满足满减条件、商品是否在适用范围、券是否过期。特价商品和部分品牌不能使用店铺优惠券。' },
  { key: 'coupon-after-order', kind: FAQ, locale: 'zh-CN', category: '优惠', title: '下单忘记用优惠券怎么办', tags: ['优惠券', '补差价'],
    body: '付款后无法再使用优惠券。未发货的订单可以申请退款后重新下单使用优惠券；已发货的订单不支持补用优惠券。' },
  { key: 'member-points', kind: FAQ, locale: 'zh-CN', category: '优惠', title: '会员积分怎么获得和使用', tags: ['会员', '积分'],
    body: '每消费1元得1积分，确认收货后到账。100积分可抵扣1元，下单结算时勾选使用积分。会员等级越高，积分倍数越高。' },
  { key: 'presale-deposit', kind: POLICY, locale: 'zh-CN', category: '优惠', title: '预售定金和尾款规则', tags: ['预售', '定金', '尾款'],
    body: '预售商品先付定金，在尾款时间内支付尾款。因个人原因未付尾款的，定金不退；商品无法按时发货的，定金全额退还。' },
  // 发票
  { key: 'invoice-title', kind: HOW_TO, locale: 'zh-CN', category: '发票', title: '发票抬头怎么填写', tags: ['发票抬头', '电子发票'],
    body: '个人发票抬头填写姓名或“个人”；单位发票抬头填写公司全称，并填写税号（纳税人识别号）。抬头提交后请仔细核对，开出后不能修改。' },
  { key: 'vat-invoice', kind: FAQ, locale: 'zh-CN', category: '发票', title: '可以开增值税专用发票吗', tags: ['专用发票', '增值税'],
    body: '可以开增值税专用发票（专票）。请提供公司名称、税号、注册地址电话、开户行及账号，确认收货后7个工作日内寄出纸质专票。' },
  { key: 'invoice-reissue', kind: FAQ, locale: 'zh-CN', category: '发票', title: '发票开错了怎么换开或补开发票', tags: ['换开发票', '补开发票'],
    body: '发票信息填错需要换开的，在订单详情申请换开发票；下单时没有开发票的，确认收货后180天内可申请补开发票，电子发票发送到邮箱。' },
  { key: 'electronic-invoice', kind: FAQ, locale: 'zh-CN', category: '发票', title: '电子发票在哪里下载', tags: ['电子发票'],
    body: '电子发票开具后发送到预留邮箱，也可以在订单详情“查看发票”中下载PDF。电子发票与纸质发票具有同等法律效力。' },
  // 订单
  { key: 'cancel-order', kind: HOW_TO, locale: 'zh-CN', category: '订单', title: '怎么取消订单', tags: ['取消订单'],
    body: '未付款订单超时自动取消。已付款未发货的订单，在订单详情点击“取消订单”，系统自动退款；已发货的订单请拒收或申请退货。' },
  { key: 'wrong-spec', kind: FAQ, locale: 'zh-CN', category: '订单', title: '拍错了颜色尺码能改吗', tags: ['拍错', '修改订单'],
    body: '拍错颜色、尺码或规格，订单未发货前联系客服即可修改订单，客服备注后仓库按新规格发货；已发货的请收到后申请换货。' },
  { key: 'merge-shipping', kind: FAQ, locale: 'zh-CN', category: '订单', title: '多个订单可以合并发货吗', tags: ['合并发货', '合并付款'],
    body: '同一收货地址的多个订单，付款后联系客服可合并发货，运费按一单计算。已经出库的订单无法再合并。' },
  { key: 'out-of-stock', kind: FAQ, locale: 'zh-CN', category: '订单', title: '商品缺货什么时候有货', tags: ['缺货', '到货通知'],
    body: '缺货商品可点击“到货通知”，补货后短信提醒。一般补货周期为7-15天，热卖款以页面预计时间为准。' },
  // 账户与服务
  { key: 'human-agent', kind: FAQ, locale: 'zh-CN', category: '服务', title: '怎么转人工客服', tags: ['人工客服', '客服'],
    body: '在聊天窗口输入“人工”即可转人工客服。人工客服在线时间为每天9:00-23:00，其他时间请留言，上班后第一时间回复。' },
  { key: 'complaint', kind: POLICY, locale: 'zh-CN', category: '服务', title: '对服务不满意怎么投诉', tags: ['投诉'],
    body: '对客服或商品不满意，可以在聊天中说明并要求投诉，投诉专员会在24小时内联系您。也可以通过平台投诉通道提交。' },
  { key: 'privacy', kind: POLICY, locale: 'zh-CN', category: '服务', title: '个人信息如何保护', tags: ['隐私', '个人信息'],
    body: '我们只为发货和售后使用您的姓名、电话和地址。您可以要求查询、更正或删除个人信息，删除申请在15个工作日内处理。' },
  { key: 'review-reward', kind: FAQ, locale: 'zh-CN', category: '服务', title: '评价有礼和追评', tags: ['评价', '追评'],
    body: '确认收货后15天内带图评价可获得10元无门槛优惠券。对商品不满意请先联系客服处理，不建议直接给差评。' },
  // 产品
  { key: 'earbuds-pairing', kind: PRODUCT, locale: 'zh-CN', category: '数码', title: 'X1 蓝牙耳机配对方法', tags: ['蓝牙', '耳机', '配对'], skus: ['SKU-X1'],
    body: '打开充电仓，长按仓上按键3秒进入配对，指示灯白灯闪烁。手机打开蓝牙，选择“X1”连接。再次使用打开仓盖自动回连。' },
  { key: 'earbuds-battery', kind: PRODUCT, locale: 'zh-CN', category: '数码', title: 'X1 蓝牙耳机续航和充电', tags: ['续航', '充电'], skus: ['SKU-X1'],
    body: '耳机单次续航6小时，配合充电仓总续航24小时。使用Type-C充电，充满约1.5小时。长期不用请每三个月充电一次保护电池。' },
  { key: 'earbuds-waterproof', kind: PRODUCT, locale: 'zh-CN', category: '数码', title: 'X1 耳机防水吗', tags: ['防水'], skus: ['SKU-X1'],
    body: 'X1 耳机为IPX4级防水，可防汗防溅水，不能游泳或淋浴时佩戴。充电仓不防水。' },
  { key: 'warranty', kind: POLICY, locale: 'zh-CN', category: '售后', title: '保修期和三包政策', tags: ['保修', '三包', '保修期'],
    body: '数码产品享受一年保修：7天内有质量问题可退货，15天内可换货，一年内免费维修。人为损坏、进水不在保修范围，可付费维修。' },
  { key: 'repair-how-to', kind: HOW_TO, locale: 'zh-CN', category: '售后', title: '如何申请维修', tags: ['维修', '返修'],
    body: '在订单详情申请售后选择“维修”，描述故障并上传视频。审核后寄回商品，维修周期约7-10天，修好后免费寄回。' },
  { key: 'sweater-washing', kind: PRODUCT, locale: 'zh-CN', category: '服饰', title: '羊毛衫洗涤和保养方法', tags: ['洗涤', '保养', '面料'], skus: ['SKU-W100'],
    body: '羊毛衫建议手洗或干洗，水温不超过30度，使用中性洗涤剂，不可机洗甩干，平铺晾干防止变形。' },
  { key: 'size-chart', kind: HOW_TO, locale: 'zh-CN', category: '服饰', title: '尺码怎么选，看尺码表', tags: ['尺码', '尺码表'],
    body: '请参考商品详情页的尺码表，按身高体重和胸围选择。介于两个尺码之间建议选大一码，可咨询客服提供身高体重推荐尺码。' },
  { key: 'authenticity', kind: FAQ, locale: 'zh-CN', category: '服务', title: '是正品吗，怎么验证', tags: ['正品', '防伪'],
    body: '本店所有商品均为品牌授权正品，支持专柜验货。商品附带防伪码，刮开涂层扫码即可验证真伪，假一赔十。' },
  { key: 'air-purifier-filter', kind: PRODUCT, locale: 'zh-CN', category: '家电', title: 'P3 空气净化器滤网更换', tags: ['滤网', '清洗', '保养'], skus: ['SKU-P3'],
    body: '滤网寿命约6个月，指示灯变红时请更换。关机断电后打开后盖，取出旧滤网，撕掉新滤网包装后装入。初效滤网每月清洗一次。' },
  // English
  { key: 'en-return-policy', kind: POLICY, locale: 'en', category: 'returns', title: 'Return policy: 7-day no-reason returns', tags: ['returns', 'refund'],
    body: 'You can return most items within 7 days of delivery for any reason, as long as they are unused and in the original packaging. Return shipping is paid by the buyer unless the item is faulty.' },
  { key: 'en-refund-time', kind: FAQ, locale: 'en', category: 'returns', title: 'How long does a refund take?', tags: ['refund'],
    body: 'Refunds are approved within 24 hours after the warehouse receives your return. Alipay and WeChat Pay refunds arrive instantly; bank cards take 1 to 7 business days.' },
  { key: 'en-shipping-time', kind: FAQ, locale: 'en', category: 'shipping', title: 'When will my order ship?', tags: ['shipping', 'delivery'],
    body: 'Orders paid before 4 pm ship the same day. Delivery within mainland China usually takes 2 to 4 days. We do not ship to Hong Kong, Macau, Taiwan or overseas yet.' },
  { key: 'en-change-address', kind: HOW_TO, locale: 'en', category: 'orders', title: 'How to change the shipping address', tags: ['address'],
    body: 'Before your order ships, open the order and tap Change address. After it has shipped, contact customer service and we will ask the courier to redirect the parcel.' },
  { key: 'en-invoice', kind: FAQ, locale: 'en', category: 'invoices', title: 'Can I get a VAT invoice?', tags: ['invoice', 'VAT'],
    body: 'Yes. Electronic invoices are emailed after delivery. For a special VAT invoice, send your company name, tax number, address, bank and account number to customer service.' },
  { key: 'en-payment', kind: FAQ, locale: 'en', category: 'payment', title: 'Which payment methods are accepted?', tags: ['payment'],
    body: 'We accept Alipay, WeChat Pay, credit cards and bank transfers for companies. Cash on delivery is not available.' },
  { key: 'en-damaged', kind: FAQ, locale: 'en', category: 'returns', title: 'My item arrived damaged', tags: ['damaged', 'faulty'],
    body: 'Sorry about that! Take photos of the item and the parcel within 48 hours and contact customer service. We will send a replacement or refund you, and we pay the shipping.' },
  { key: 'en-warranty', kind: POLICY, locale: 'en', category: 'after-sales', title: 'Warranty and repairs', tags: ['warranty', 'repair'],
    body: 'Electronics come with a one-year warranty. Faulty items can be returned within 7 days, exchanged within 15 days, and repaired for free within one year.' },
];
